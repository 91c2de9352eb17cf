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
    s.current = cs.target;
    s.tags = cs.tags;
    engine.stackStatus(s, StackStatus.CREATE_IN_PROGRESS, "User Initiated");
    UpdateRun run = new UpdateRun(cs.target, null, Map.of());
    new Deployment(
            engine,
            s,
            run,
            new Deployment.Outcome() {
              @Override
              public void succeeded() {
                s.outputs = outputs(s, cs.target);
                engine.stackStatus(s, StackStatus.CREATE_COMPLETE, null);
                cs.execution = "EXECUTE_COMPLETE";
              }

              @Override
              public void failed() {
                cs.execution = "EXECUTE_FAILED";
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
    UpdateRun run = new UpdateRun(cs.target, s.current, s.outputs);
    s.current = cs.target;
    s.tags = cs.tags;
    s.lastUpdated = engine.ctx.clock().now();
    engine.stackStatus(s, StackStatus.UPDATE_IN_PROGRESS, "User Initiated");
    List<String> removed = new ArrayList<>();
    for (ResourceState r : s.resources.values()) {
      if (!cs.target.active(r.logicalId) && !r.gone()) {
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
                cleanup(s, cs, run, removed);
              }

              @Override
              public void failed() {
                rollback(s, cs, run);
              }
            })
        .start();
  }

  private void cleanup(StackState s, ChangeSetState cs, UpdateRun run, List<String> removed) {
    try {
      s.outputs = outputs(s, run.target);
    } catch (CloudException e) {
      s.outputs = Map.of();
    }
    engine.stackStatus(s, StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, null);
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
              engine.stackStatus(
                  s, StackStatus.UPDATE_COMPLETE, failures.isEmpty() ? null : NOT_DELETED);
              cs.execution = "EXECUTE_COMPLETE";
            })
        .start();
  }

  private void rollback(StackState s, ChangeSetState cs, UpdateRun run) {
    if (cs != null) {
      cs.execution = "EXECUTE_FAILED";
    }
    engine.stackStatus(s, StackStatus.UPDATE_ROLLBACK_IN_PROGRESS, run.failureReason());
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

  void delete(StackState s) {
    engine.stackStatus(s, StackStatus.DELETE_IN_PROGRESS, "User Initiated");
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
