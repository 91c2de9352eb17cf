package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stack-level course of each operation, with CloudFormation's statuses and reasons:
 *
 * <ul>
 *   <li>create: CREATE_IN_PROGRESS → CREATE_COMPLETE, or ROLLBACK_IN_PROGRESS → ROLLBACK_COMPLETE;
 *   <li>update: UPDATE_IN_PROGRESS → UPDATE_COMPLETE_CLEANUP_IN_PROGRESS (removed and replaced
 *       resources deleted) → UPDATE_COMPLETE, or UPDATE_ROLLBACK_IN_PROGRESS →
 *       UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS → UPDATE_ROLLBACK_COMPLETE (or
 *       UPDATE_ROLLBACK_FAILED, continued by ContinueUpdateRollback);
 *   <li>delete: DELETE_IN_PROGRESS → DELETE_COMPLETE (or DELETE_FAILED).
 * </ul>
 */
final class StackOperations {
  /**
   * The stack's status reason when a cleanup skipped resources it could not delete; AWS documents
   * only that the reason says so, the wording is the model's.
   */
  static final String NOT_DELETED = "One or more resources could not be deleted.";

  private final StackEngine engine;

  StackOperations(StackEngine engine) {
    this.engine = engine;
  }

  void create(StackState s, ChangeSetState cs) {
    s.capabilities = cs.capabilities;
    NestedQuota.begin(engine, s, false);
    create(s, cs.target, cs.tags, cs);
  }

  /** {@code cs} is null for a nested stack its parent creates. */
  void create(StackState s, TemplateInstance target, Map<String, String> tags, ChangeSetState cs) {
    if (cs == null) {
      NestedQuota.begin(engine, s, true);
    }
    s.current = target;
    s.tags = tags;
    engine.stackStatus(s, StackStatus.CREATE_IN_PROGRESS, "User Initiated");
    if (!NestedQuota.admit(engine, s, () -> target.resources().size())) {
      engine
          .ctx
          .clock()
          .schedule(
              Duration.ZERO,
              () -> {
                if (cs != null) {
                  cs.execution = "EXECUTE_FAILED";
                }
                engine.stackStatus(s, StackStatus.ROLLBACK_IN_PROGRESS, NestedQuota.EXCEEDED);
                engine.stackStatus(s, StackStatus.ROLLBACK_COMPLETE, null);
              });
      return;
    }
    UpdateRun run = new UpdateRun(target, null, Map.of());
    new Deployment(
            engine,
            s,
            run,
            new Deployment.Outcome() {
              @Override
              public void succeeded() {
                s.outputs = outputs(s, target);
                engine.stackStatus(s, StackStatus.CREATE_COMPLETE, null);
                if (cs != null) {
                  cs.execution = "EXECUTE_COMPLETE";
                }
              }

              @Override
              public void failed() {
                if (cs != null) {
                  cs.execution = "EXECUTE_FAILED";
                }
                engine.stackStatus(
                    s,
                    StackStatus.ROLLBACK_IN_PROGRESS,
                    run.failureReason() + " Rollback requested by user.");
                List<Teardown.Item> items = new ArrayList<>();
                for (ResourceState r : s.resources.values()) {
                  items.add(new Teardown.Item(r, deletion(r, true)));
                }
                new Teardown(
                        engine,
                        s,
                        items,
                        failures ->
                            engine.stackStatus(
                                s,
                                failures.isEmpty()
                                    ? StackStatus.ROLLBACK_COMPLETE
                                    : StackStatus.ROLLBACK_FAILED,
                                failures.isEmpty()
                                    ? null
                                    : "The following resource(s) failed to delete: "
                                        + failures
                                        + "."))
                    .start();
              }
            })
        .start();
  }

  void update(StackState s, ChangeSetState cs) {
    s.capabilities = cs.capabilities;
    update(s, cs.target, cs.tags, cs, false);
  }

  /**
   * {@code nested}: the update of a nested stack its parent drives; once its own creations and
   * updates went through, it waits in UPDATE_COMPLETE_CLEANUP_IN_PROGRESS for the root to finish or
   * roll back the whole hierarchy ({@link #finishNested}, {@link #rollBackNested}).
   */
  void update(
      StackState s,
      TemplateInstance target,
      Map<String, String> tags,
      ChangeSetState cs,
      boolean nested) {
    UpdateRun run = new UpdateRun(target, s.current, s.outputs);
    run.stackTagsChanged = !tags.equals(s.tags);
    run.previousTags = s.tags;
    NestedQuota.begin(engine, s, nested);
    boolean admitted =
        NestedQuota.admit(engine, s, () -> NestedQuota.updates(s, target, run.stackTagsChanged));
    s.current = target;
    s.tags = tags;
    s.lastUpdated = engine.ctx.clock().now();
    engine.stackStatus(s, StackStatus.UPDATE_IN_PROGRESS, "User Initiated");
    if (!admitted) {
      run.refusal = NestedQuota.EXCEEDED;
      engine.ctx.clock().schedule(Duration.ZERO, () -> rollback(s, cs, run));
      return;
    }
    List<String> removed = new ArrayList<>();
    for (ResourceState r : s.resources.values()) {
      if (!target.active(r.logicalId) && !r.gone()) {
        removed.add(r.logicalId);
      }
    }
    for (String id : removed) {
      ResourceState r = s.resources.get(id);
      String denial = s.policy == null ? null : s.policy.denial("Update:Delete", id, r.type);
      if (denial != null) {
        run.touch(id, UpdateRun.Touch.RECORD, r, null);
        engine.record(s, r, "UPDATE_FAILED", denial);
        run.failedUpdates.add(id);
        engine.ctx.clock().schedule(Duration.ZERO, () -> rollback(s, cs, run));
        return;
      }
    }
    new Deployment(
            engine,
            s,
            run,
            new Deployment.Outcome() {
              @Override
              public void succeeded() {
                if (nested) {
                  awaitRoot(s, cs, run, removed);
                } else {
                  cleanup(s, cs, run, removed, () -> {});
                }
              }

              @Override
              public void failed() {
                rollback(s, cs, run);
              }
            })
        .start();
  }

  private void newOutputs(StackState s, UpdateRun run) {
    try {
      s.outputs = outputs(s, run.target);
    } catch (CloudException e) {
      s.outputs = Map.of();
    }
  }

  private void cleanup(
      StackState s, ChangeSetState cs, UpdateRun run, List<String> removed, Runnable after) {
    newOutputs(s, run);
    engine.stackStatus(s, StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, null);
    finishCleanup(s, cs, run, removed, after);
  }

  /** A nested stack's update went through: it waits for its root in the cleanup status. */
  private void awaitRoot(StackState s, ChangeSetState cs, UpdateRun run, List<String> removed) {
    newOutputs(s, run);
    s.awaiting = new StackState.NestedWait(cs, run, removed);
    engine.stackStatus(s, StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, null);
  }

  /** The root's update completed: the nested stack's cleanup runs, then UPDATE_COMPLETE. */
  void finishNested(StackState child, Runnable after) {
    StackState.NestedWait w = child.awaiting;
    child.awaiting = null;
    finishCleanup(child, w.changeSet(), w.run(), w.removed(), after);
  }

  /** The root's update failed: the nested stack's completed update is rolled back. */
  void rollBackNested(StackState child) {
    StackState.NestedWait w = child.awaiting;
    if (w == null) {
      return;
    }
    child.awaiting = null;
    child.outputs = w.run().previousOutputs;
    rollback(child, w.changeSet(), w.run());
  }

  /**
   * The cleanup phase: nested stacks waiting for this update finish theirs first (each in
   * parallel), then removed and replaced resources of this stack are deleted.
   */
  private void finishCleanup(
      StackState s, ChangeSetState cs, UpdateRun run, List<String> removed, Runnable after) {
    List<StackState> waiting = engine.children(s).stream().filter(c -> c.awaiting != null).toList();
    if (waiting.isEmpty()) {
      ownCleanup(s, cs, run, removed, after);
      return;
    }
    int[] left = {waiting.size()};
    for (StackState child : waiting) {
      finishNested(
          child,
          () -> {
            if (--left[0] == 0) {
              ownCleanup(s, cs, run, removed, after);
            }
          });
    }
  }

  private void ownCleanup(
      StackState s, ChangeSetState cs, UpdateRun run, List<String> removed, Runnable after) {
    List<Teardown.Item> items = new ArrayList<>();
    run.replacedOld.values().forEach(old -> items.add(new Teardown.Item(old, replaced(old))));
    removed.forEach(
        id ->
            items.add(
                new Teardown.Item(s.resources.get(id), deletion(s.resources.get(id), false))));
    // What could not be deleted is dropped from the stack all the same, left running.
    new Teardown(
            engine,
            s,
            items,
            true,
            failures -> {
              removed.forEach(s.resources::remove);
              if (cs != null) {
                cs.execution = "EXECUTE_COMPLETE";
              }
              engine.stackStatus(
                  s, StackStatus.UPDATE_COMPLETE, failures.isEmpty() ? null : NOT_DELETED);
              after.run();
            })
        .start();
  }

  private void rollback(StackState s, ChangeSetState cs, UpdateRun run) {
    if (cs != null) {
      cs.execution = "EXECUTE_FAILED";
    }
    String reason = run.failureReason();
    engine.stackStatus(
        s, StackStatus.UPDATE_ROLLBACK_IN_PROGRESS, reason.isEmpty() ? null : reason);
    restore(s, run);
  }

  private void restore(StackState s, UpdateRun run) {
    new Rollback(
            engine,
            s,
            run,
            new Rollback.Outcome() {
              @Override
              public void succeeded() {
                s.failedRollback = null;
                rollbackCleanup(s, run);
              }

              @Override
              public void failed(List<String> resources) {
                s.failedRollback = run;
                engine.stackStatus(
                    s,
                    StackStatus.UPDATE_ROLLBACK_FAILED,
                    "The following resource(s) failed to update: " + resources + ".");
              }
            })
        .start();
  }

  private void rollbackCleanup(StackState s, UpdateRun run) {
    s.current = run.previous;
    s.outputs = run.previousOutputs;
    s.tags = run.previousTags;
    engine.stackStatus(s, StackStatus.UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, null);
    List<Teardown.Item> items = new ArrayList<>();
    run.orphans.forEach(o -> items.add(new Teardown.Item(o, deletion(o, true))));
    run.added.forEach(
        id ->
            items.add(new Teardown.Item(s.resources.get(id), deletion(s.resources.get(id), true))));
    new Teardown(
            engine,
            s,
            items,
            true,
            failures -> {
              run.added.forEach(s.resources::remove);
              engine.stackStatus(
                  s, StackStatus.UPDATE_ROLLBACK_COMPLETE, failures.isEmpty() ? null : NOT_DELETED);
            })
        .start();
  }

  /**
   * ContinueUpdateRollback: skipped resources count as rolled back as they are; the rest is
   * retried.
   */
  void continueRollback(StackState s, List<String> skip) {
    UpdateRun run = s.failedRollback;
    for (String id : skip) {
      UpdateRun.Touched t = run.touched.get(id);
      ResourceState r = s.resources.get(id);
      if (t == null || r == null || !"UPDATE_FAILED".equals(r.status)) {
        throw ApiErrors.validation(
            "Resource "
                + id
                + " cannot be skipped: only resources in UPDATE_FAILED state during the rollback can be skipped");
      }
    }
    engine.stackStatus(s, StackStatus.UPDATE_ROLLBACK_IN_PROGRESS, null);
    for (String id : skip) {
      UpdateRun.Touched t = run.touched.remove(id);
      ResourceState r = t.before().copy();
      r.physicalId = s.resources.get(id).physicalId;
      s.resources.put(id, r);
      engine.record(s, r, "UPDATE_COMPLETE", "Resource skipped during continue update rollback");
    }
    restore(s, run);
  }

  /** Cancels the stack's creation or update if its forward phase is still running. */
  void cancel(StackState s) {
    if (s.deployment != null) {
      s.deployment.cancel();
    }
  }

  void delete(StackState s) {
    delete(s, false);
  }

  /** {@code nested}: a nested stack its parent's update or deletion removes. */
  void delete(StackState s, boolean nested) {
    boolean counted = !nested || NestedQuota.counted(engine, s);
    NestedQuota.begin(engine, s, nested);
    engine.stackStatus(s, StackStatus.DELETE_IN_PROGRESS, "User Initiated");
    if (counted && !NestedQuota.admit(engine, s, () -> NestedQuota.held(s))) {
      engine
          .ctx
          .clock()
          .schedule(
              Duration.ZERO,
              () -> engine.stackStatus(s, StackStatus.DELETE_FAILED, NestedQuota.EXCEEDED));
      return;
    }
    List<Teardown.Item> items = new ArrayList<>();
    if (s.failedRollback != null) {
      s.failedRollback.orphans.forEach(o -> items.add(new Teardown.Item(o, deletion(o, true))));
    }
    for (ResourceState r : s.resources.values()) {
      if (!r.gone()) {
        items.add(new Teardown.Item(r, deletion(r, false)));
      }
    }
    new Teardown(
            engine,
            s,
            items,
            failures -> {
              if (failures.isEmpty()) {
                engine.stackStatus(s, StackStatus.DELETE_COMPLETE, null);
                engine.forget(s);
              } else {
                engine.stackStatus(
                    s,
                    StackStatus.DELETE_FAILED,
                    "The following resource(s) failed to delete: " + failures + ".");
              }
            })
        .start();
  }

  /**
   * DeletionPolicy: Retain (null), Snapshot or Delete; RetainExceptOnCreate deletes what a rollback
   * removes.
   */
  static ResourceProvider.Removal deletion(ResourceState r, boolean rollingBackCreation) {
    String policy = r.decl == null ? null : r.decl.deletionPolicy();
    if ("Retain".equals(policy)
        || ("RetainExceptOnCreate".equals(policy) && !rollingBackCreation)) {
      return null;
    }
    return "Snapshot".equals(policy)
        ? ResourceProvider.Removal.SNAPSHOT
        : ResourceProvider.Removal.DELETE;
  }

  /** UpdateReplacePolicy, for the old resource a replacement leaves behind. */
  static ResourceProvider.Removal replaced(ResourceState old) {
    String policy = old.decl == null ? null : old.decl.updateReplacePolicy();
    if ("Retain".equals(policy)) {
      return null;
    }
    return "Snapshot".equals(policy)
        ? ResourceProvider.Removal.SNAPSHOT
        : ResourceProvider.Removal.DELETE;
  }

  private Map<String, String> outputs(StackState s, TemplateInstance t) {
    return engine.outputs(s, t);
  }
}
