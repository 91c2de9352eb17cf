package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statefulcluster.cloud.CloudException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The forward phase of a stack creation or update: every resource of the target template, in
 * dependency order and in parallel, is created, replaced (new one first), updated in place or left
 * alone. The first failure cancels what is in flight and ends the phase as failed; removals and the
 * deletion of replaced resources are not part of it (cleanup comes after).
 */
final class Deployment implements Op.Listener {

  /** How the phase ended. */
  interface Outcome {
    void succeeded();

    void failed();
  }

  private static final String REPLACING =
      "Requested update requires the creation of a new physical resource; hence creating one.";

  private final StackEngine engine;
  private final StackState stack;
  private final UpdateRun run;
  private final Outcome outcome;
  private final Dag dag;
  private final Map<String, Op> running = new LinkedHashMap<>();
  private boolean failed;
  private boolean finished;

  Deployment(StackEngine engine, StackState stack, UpdateRun run, Outcome outcome) {
    this.engine = engine;
    this.stack = stack;
    this.run = run;
    this.outcome = outcome;
    Map<String, Set<String>> deps = new LinkedHashMap<>();
    run.target.resources().forEach(id -> deps.put(id, run.target.dependsOn(id)));
    this.dag = new Dag(run.target.resources(), deps);
  }

  void start() {
    stack.deployment = this;
    pump();
  }

  /**
   * Cancels the phase from outside: what is in flight is cancelled and the phase fails (a nested
   * stack whose parent's update failed elsewhere). Nothing happens once the phase has ended.
   */
  void cancel() {
    if (!failed && !finished) {
      fail();
    }
  }

  private void pump() {
    List<String> ready;
    while (!failed && !(ready = dag.ready()).isEmpty()) {
      for (String id : ready) {
        dag.start(id);
        begin(id);
        if (failed) {
          return;
        }
      }
    }
    if (!failed && !finished && dag.allDone() && running.isEmpty()) {
      finished = true;
      stack.deployment = null;
      outcome.succeeded();
    }
  }

  private void begin(String id) {
    ResourceDecl decl = run.target.decl(id);
    ResourceState current = stack.resources.get(id);
    ObjectNode props;
    JsonNode meta;
    try {
      Intrinsics in = engine.runtime(stack, run.target);
      props = (ObjectNode) in.resolve(decl.properties());
      meta = decl.metadata() == null ? null : in.resolve(decl.metadata());
      String violation = SchemaCatalog.violation(decl.type(), id, props);
      if (violation != null) {
        throw ApiErrors.validation(violation);
      }
    } catch (CloudException e) {
      refuse(id, decl, current, e.getMessage());
      return;
    }
    if (current == null) {
      create(id, decl, props, meta);
      return;
    }
    ResourceProvider provider = engine.providers.get(decl.type());
    Change change = Change.between(current, decl, props, meta, provider);
    boolean retag = run.stackTagsChanged && ChangeSetPlanner.taggable(decl.type());
    if (change.none() && !retag && !provider.updatedWithEveryStackUpdate()) {
      current.decl = decl;
      current.dependsOn = run.target.dependsOn(id);
      dag.done(id);
      return;
    }
    if (stack.policy != null) {
      String denial =
          stack.policy.denial(
              change.replace() ? "Update:Replace" : "Update:Modify", id, decl.type());
      if (denial != null) {
        refuse(id, decl, current, denial);
        return;
      }
    }
    if (change.replace()) {
      replace(id, decl, current, props, meta);
    } else if (!change.properties().isEmpty() || retag || provider.updatedWithEveryStackUpdate()) {
      modify(id, decl, current, props, meta, provider);
    } else {
      run.touch(id, UpdateRun.Touch.RECORD, current, props);
      engine.record(stack, current, "UPDATE_IN_PROGRESS", null);
      Op op = track(id, Op.Kind.METADATA, props, meta);
      op.succeeded(current.attributes);
    }
  }

  /** The resource fails before any work starts (evaluation error, schema, stack policy). */
  private void refuse(String id, ResourceDecl decl, ResourceState current, String reason) {
    if (current == null) {
      ResourceState r = new ResourceState(id, decl.type());
      r.decl = decl;
      stack.resources.put(id, r);
      run.added.add(id);
      engine.record(stack, r, "CREATE_FAILED", reason);
      run.failedCreates.add(id);
    } else {
      run.touch(id, UpdateRun.Touch.RECORD, current, null);
      engine.record(stack, current, "UPDATE_FAILED", reason);
      run.failedUpdates.add(id);
    }
    fail();
  }

  private void create(String id, ResourceDecl decl, ObjectNode props, JsonNode meta) {
    ResourceState r = new ResourceState(id, decl.type());
    r.decl = decl;
    r.properties = props;
    r.metadata = meta;
    r.dependsOn = run.target.dependsOn(id);
    stack.resources.put(id, r);
    run.added.add(id);
    engine.record(stack, r, "CREATE_IN_PROGRESS", null);
    Op op = track(id, Op.Kind.CREATE, props, meta);
    awaitSignals(op, decl);
    engine.providers.get(decl.type()).create(engine.request(stack, id, props), op);
  }

  private void replace(
      String id, ResourceDecl decl, ResourceState current, ObjectNode props, JsonNode meta) {
    run.touch(id, UpdateRun.Touch.REPLACE, current, props);
    engine.record(stack, current, "UPDATE_IN_PROGRESS", REPLACING);
    Op op = track(id, Op.Kind.REPLACE, props, meta);
    awaitSignals(op, decl);
    engine.providers.get(decl.type()).create(engine.request(stack, id, props), op);
  }

  private void modify(
      String id,
      ResourceDecl decl,
      ResourceState current,
      ObjectNode props,
      JsonNode meta,
      ResourceProvider provider) {
    run.touch(id, UpdateRun.Touch.MODIFY, current, props);
    engine.record(stack, current, "UPDATE_IN_PROGRESS", null);
    Op op = track(id, Op.Kind.MODIFY, props, meta);
    provider.update(engine.request(stack, id, props), current.physicalId, current.properties, op);
  }

  private Op track(String id, Op.Kind kind, ObjectNode props, JsonNode meta) {
    Op op = new Op(id, kind, props, meta, engine.ctx.clock(), this);
    running.put(id, op);
    return op;
  }

  /** CreationPolicy: the resource completes only with its signals, within the timeout. */
  private void awaitSignals(Op op, ResourceDecl decl) {
    ResourceSignal signal =
        decl.type().equals("AWS::EC2::Instance")
            ? ResourceSignal.of(decl.logicalId(), decl.creationPolicy())
            : null;
    if (signal == null) {
      return;
    }
    op.signalsNeeded = signal.count();
    engine.awaitSignals(stack, op.logicalId, op);
    op.timeout =
        engine
            .ctx
            .clock()
            .schedule(
                signal.timeout(),
                () -> {
                  if (!op.cancelled()) {
                    failed(
                        op,
                        "Failed to receive "
                            + signal.count()
                            + " resource signal(s) within the specified duration");
                  }
                });
  }

  @Override
  public void initiated(Op op) {
    if (op.kind == Op.Kind.CREATE) {
      ResourceState r = stack.resources.get(op.logicalId);
      r.physicalId = op.physicalId;
      engine.record(stack, r, "CREATE_IN_PROGRESS", "Resource creation Initiated");
    } else if (op.kind == Op.Kind.REPLACE) {
      engine.event(
          stack,
          op.logicalId,
          typeOf(op),
          op.physicalId,
          "UPDATE_IN_PROGRESS",
          "Resource creation Initiated");
    }
  }

  @Override
  public void signalled(Op op, String uniqueId, boolean success) {
    if (!running.containsKey(op.logicalId) || running.get(op.logicalId) != op) {
      return;
    }
    if (!success) {
      failed(op, "Received FAILURE signal with UniqueId " + uniqueId);
      return;
    }
    op.signalsReceived++;
    String status = op.kind == Op.Kind.CREATE ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS";
    engine.event(
        stack,
        op.logicalId,
        typeOf(op),
        op.physicalId,
        status,
        "Received SUCCESS signal with UniqueId " + uniqueId);
    succeeded(op);
  }

  @Override
  public void succeeded(Op op) {
    if (!op.provisioned
        || op.signalsReceived < op.signalsNeeded
        || running.get(op.logicalId) != op) {
      return;
    }
    finish(op);
    ResourceState r = stack.resources.get(op.logicalId);
    ResourceDecl decl = run.target.decl(op.logicalId);
    if (op.kind == Op.Kind.REPLACE) {
      run.replacedOld.put(op.logicalId, run.touched.get(op.logicalId).before());
      r.physicalId = op.physicalId;
    }
    r.decl = decl;
    r.properties = op.properties;
    r.metadata = op.metadata;
    r.attributes = op.attributes;
    r.dependsOn = run.target.dependsOn(op.logicalId);
    r.lastUpdated = engine.ctx.clock().now();
    engine.record(
        stack, r, op.kind == Op.Kind.CREATE ? "CREATE_COMPLETE" : "UPDATE_COMPLETE", null);
    if (op.kind != Op.Kind.CREATE) {
      engine.resourceUpdated(stack, op.logicalId);
    }
    dag.done(op.logicalId);
    pump();
  }

  @Override
  public void failed(Op op, String reason) {
    if (running.get(op.logicalId) != op) {
      return;
    }
    finish(op);
    settle(op, reason);
    fail();
  }

  /** Records a failed or cancelled operation on its resource. */
  private void settle(Op op, String reason) {
    ResourceState r = stack.resources.get(op.logicalId);
    switch (op.kind) {
      case CREATE:
        if (r.physicalId == null) {
          r.physicalId = op.physicalId;
        }
        engine.record(stack, r, "CREATE_FAILED", reason);
        run.failedCreates.add(op.logicalId);
        break;
      case REPLACE:
        if (op.physicalId != null) {
          ResourceState orphan = r.copy();
          orphan.physicalId = op.physicalId;
          orphan.properties = op.properties;
          orphan.decl = run.target.decl(op.logicalId);
          run.orphans.add(orphan);
        }
        r.status = "UPDATE_FAILED";
        r.reason = reason;
        engine.event(
            stack,
            op.logicalId,
            r.type,
            op.physicalId != null ? op.physicalId : r.physicalId,
            "UPDATE_FAILED",
            reason);
        run.failedUpdates.add(op.logicalId);
        break;
      default:
        engine.record(stack, r, "UPDATE_FAILED", reason);
        run.failedUpdates.add(op.logicalId);
        break;
    }
  }

  private void finish(Op op) {
    running.remove(op.logicalId);
    op.stopTimer();
    engine.stopAwaiting(stack, op.logicalId, op);
  }

  /** Stops the phase: everything in flight is cancelled; the outcome is reported next. */
  private void fail() {
    if (failed) {
      return;
    }
    failed = true;
    for (Op op : new ArrayList<>(running.values())) {
      op.cancel();
      finish(op);
      settle(
          op,
          op.kind == Op.Kind.CREATE || op.kind == Op.Kind.REPLACE
              ? "Resource creation cancelled"
              : "Resource update cancelled");
    }
    stack.deployment = null;
    engine.ctx.clock().schedule(Duration.ZERO, outcome::failed);
  }

  private String typeOf(Op op) {
    return run.target.decl(op.logicalId).type();
  }
}
