package dev.statefulcluster.cloud.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deletes a set of physical resources in reverse dependency order (a resource goes only once
 * everything that depended on it is gone), honouring how each is to be removed: deleted,
 * snapshotted then deleted, or retained (DELETE_SKIPPED). Used for update cleanup, rollback
 * cleanup, creation rollback and DeleteStack.
 *
 * <p>In a cleanup phase a failed delete is tried three times in all; then CloudFormation skips the
 * resource and goes on with the cleanup: the resource is dropped from the stack and left as it is
 * (an instance still running, holding its interface and volumes), and the stack still completes
 * (docs/aws-facts.md, "Checked again: Cleanup phase"; "Monitor the progress of a stack update").
 * One DELETE_FAILED event with the last reason records it.
 */
final class Teardown implements Op.Listener {

  /** One physical resource to remove; {@code removal} null means retain. */
  record Item(ResourceState resource, ResourceProvider.Removal removal) {}

  private final StackEngine engine;
  private final StackState stack;
  private final Map<String, Item> items = new LinkedHashMap<>();
  private final Consumer<List<String>> done;
  private final Dag dag;
  private final Map<String, Op> running = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();
  private boolean finished;

  /** How many times a cleanup phase tries a delete before it skips the resource. */
  static final int CLEANUP_ATTEMPTS = 3;

  private final boolean cleanup;
  private final Map<String, Integer> attempts = new LinkedHashMap<>();

  /** {@code done} receives the logical ids that failed to delete. */
  Teardown(StackEngine engine, StackState stack, List<Item> items, Consumer<List<String>> done) {
    this(engine, stack, items, false, done);
  }

  /**
   * {@code cleanup}: an update's or a rollback's cleanup phase, where a delete that keeps failing
   * is skipped and the rest goes on; otherwise (creation rollback, DeleteStack) what depended on a
   * failed resource is not deleted.
   */
  Teardown(
      StackEngine engine,
      StackState stack,
      List<Item> items,
      boolean cleanup,
      Consumer<List<String>> done) {
    this.cleanup = cleanup;
    this.engine = engine;
    this.stack = stack;
    this.done = done;
    Map<String, String> keyOf = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      this.items.put("#" + i, items.get(i));
      keyOf.putIfAbsent(items.get(i).resource().logicalId, "#" + i);
    }
    Map<String, Set<String>> deps = new LinkedHashMap<>();
    this.items.forEach(
        (key, item) -> {
          Set<String> d = new LinkedHashSet<>();
          for (String logicalId : item.resource().dependsOn) {
            if (keyOf.containsKey(logicalId)) {
              d.add(keyOf.get(logicalId));
            }
          }
          deps.put(key, d);
        });
    this.dag = Dag.reversed(new ArrayList<>(this.items.keySet()), deps);
  }

  void start() {
    pump();
  }

  private void pump() {
    List<String> ready;
    while (!(ready = dag.ready()).isEmpty()) {
      for (String key : ready) {
        dag.start(key);
        remove(key);
      }
    }
    if (!finished && running.isEmpty()) {
      finished = true;
      done.accept(failures);
    }
  }

  private void remove(String key) {
    Item item = items.get(key);
    ResourceState r = item.resource();
    if (item.removal() == null) {
      engine.record(stack, r, "DELETE_SKIPPED", null);
      dag.done(key);
      return;
    }
    if (r.physicalId == null) {
      engine.record(stack, r, "DELETE_COMPLETE", null);
      dag.done(key);
      return;
    }
    engine.record(stack, r, "DELETE_IN_PROGRESS", null);
    attemptDelete(key);
  }

  private void attemptDelete(String key) {
    Item item = items.get(key);
    ResourceState r = item.resource();
    attempts.merge(key, 1, Integer::sum);
    Op op = new Op(key, Op.Kind.DELETE, r.properties, r.metadata, engine.ctx.clock(), this);
    running.put(key, op);
    engine
        .providers
        .get(r.type)
        .delete(
            engine.request(
                stack,
                r.logicalId,
                r.properties == null ? TemplateParser.JSON.createObjectNode() : r.properties),
            r.physicalId,
            item.removal(),
            op);
  }

  @Override
  public void initiated(Op op) {}

  @Override
  public void succeeded(Op op) {
    running.remove(op.logicalId);
    engine.record(stack, items.get(op.logicalId).resource(), "DELETE_COMPLETE", null);
    dag.done(op.logicalId);
    pump();
  }

  @Override
  public void failed(Op op, String reason) {
    String key = op.logicalId;
    if (cleanup && attempts.get(key) < CLEANUP_ATTEMPTS) {
      // Still in flight for the phase: the next attempt comes after a delete's latency.
      engine.ctx.after(SimLatencies.Step.DELETE, () -> attemptDelete(key));
      return;
    }
    running.remove(key);
    ResourceState r = items.get(key).resource();
    engine.record(stack, r, "DELETE_FAILED", reason);
    failures.add(r.logicalId);
    if (cleanup) {
      // Skipped: the cleanup goes on with what this resource depended on.
      dag.done(key);
    }
    pump();
  }
}
