package dev.statefulcluster.cloud.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The restore phase of an update rollback: every resource the update touched goes back to its state
 * before, in the old dependency order. Properties updated in place are updated back (which can
 * fail: a volume's IOPS or type reverted while its last modification is still optimizing); a
 * replaced resource's old physical resource becomes current again. What the update created is
 * deleted afterwards, in the cleanup.
 */
final class Rollback implements Op.Listener {

  /** How the phase ended; {@code failed} lists the resources that could not be restored. */
  interface Outcome {
    void succeeded();

    void failed(List<String> resources);
  }

  private final StackEngine engine;
  private final StackState stack;
  private final UpdateRun run;
  private final Outcome outcome;
  private final Dag dag;
  private final Map<String, Op> running = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();
  private boolean finished;

  Rollback(StackEngine engine, StackState stack, UpdateRun run, Outcome outcome) {
    this.engine = engine;
    this.stack = stack;
    this.run = run;
    this.outcome = outcome;
    Map<String, Set<String>> deps = new LinkedHashMap<>();
    run.touched.forEach((id, t) -> deps.put(id, t.before().dependsOn));
    this.dag = new Dag(new ArrayList<>(run.touched.keySet()), deps);
  }

  void start() {
    pump();
  }

  private void pump() {
    List<String> ready;
    while (!(ready = dag.ready()).isEmpty()) {
      for (String id : ready) {
        dag.start(id);
        restore(id);
      }
    }
    if (!finished && running.isEmpty()) {
      finished = true;
      if (dag.allDone()) {
        outcome.succeeded();
      } else {
        outcome.failed(failures);
      }
    }
  }

  private void restore(String id) {
    UpdateRun.Touched t = run.touched.get(id);
    ResourceState current = stack.resources.get(id);
    if (t.touch() == UpdateRun.Touch.MODIFY) {
      engine.record(stack, current, "UPDATE_IN_PROGRESS", null);
      Op op =
          new Op(
              id,
              Op.Kind.RESTORE,
              t.before().properties,
              t.before().metadata,
              engine.ctx.clock(),
              this);
      running.put(id, op);
      engine
          .providers
          .get(current.type)
          .restore(
              engine.request(stack, id, t.before().properties),
              current.physicalId,
              t.attempted(),
              op);
      return;
    }
    if (t.touch() == UpdateRun.Touch.REPLACE && run.replacedOld.remove(id) != null) {
      run.orphans.add(current.copy());
    }
    restored(id, t.before());
  }

  private void restored(String id, ResourceState before) {
    ResourceState r = before.copy();
    stack.resources.put(id, r);
    engine.record(stack, r, "UPDATE_COMPLETE", null);
    run.touched.remove(id);
    dag.done(id);
  }

  @Override
  public void initiated(Op op) {}

  @Override
  public void succeeded(Op op) {
    running.remove(op.logicalId);
    ResourceState before = run.touched.get(op.logicalId).before();
    before.attributes = op.attributes;
    before.lastUpdated = engine.ctx.clock().now();
    restored(op.logicalId, before);
    engine.resourceUpdated(stack, op.logicalId);
    pump();
  }

  @Override
  public void failed(Op op, String reason) {
    running.remove(op.logicalId);
    engine.record(stack, stack.resources.get(op.logicalId), "UPDATE_FAILED", reason);
    failures.add(op.logicalId);
    pump();
  }
}
