package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * AWS::CloudFormation::Stack: a nested stack, run as CloudFormation runs one ("Nested stacks",
 * "Change sets for nested stacks", AWS::CloudFormation::Stack reference).
 *
 * <ul>
 *   <li>Ref is the child's stack id; Fn::GetAtt {@code Outputs.Name} its outputs.
 *   <li>The child is a stack of its own, named {@code parent-LogicalId-RANDOM}, with its own
 *       events, resources, outputs, stack policy and quotas, and its parent's and root's ids.
 *   <li>Every update of the parent initiates an update of each nested stack, whether or not its
 *       properties changed ("CloudFormation updates the resources of modified nested stacks, but
 *       doesn't update the resources of unmodified nested stacks"): the template behind the same
 *       URL is read again.
 *   <li>A nested stack's update that went through waits in UPDATE_COMPLETE_CLEANUP_IN_PROGRESS for
 *       its root: its removed resources are deleted in the root's cleanup; if the root rolls back,
 *       it rolls back too. One that fails rolls itself back and fails its parent's update.
 *   <li>A cancelled creation or update (another resource of the parent failed) cancels the child's,
 *       which then rolls back.
 *   <li>Deleting the resource deletes the child stack, after any operation it is in has ended.
 * </ul>
 */
final class NestedStackProvider implements ResourceProvider {
  private final StackEngine engine;

  NestedStackProvider(StackEngine engine) {
    this.engine = engine;
  }

  @Override
  public String type() {
    return StackEngine.STACK_TYPE;
  }

  @Override
  public Set<String> attributes() {
    return Set.of();
  }

  @Override
  public boolean hasAttribute(String name) {
    return name.startsWith("Outputs.") && name.length() > "Outputs.".length();
  }

  @Override
  public boolean updatedWithEveryStackUpdate() {
    return true;
  }

  @Override
  public void create(Request r, OpHandle h) {
    StackState parent = engine.require(r.stack().stackId());
    String name = childName(r);
    String id = engine.newStackId(name);
    TemplateInstance target;
    try {
      target =
          engine.nestedTemplates.load(
              r.properties(), null, parent.capabilities, engine.identity(name, id));
    } catch (CloudException e) {
      h.failed(e.getMessage());
      return;
    }
    StackState child = engine.register(id, name);
    child.parentId = parent.id;
    child.rootId = parent.rootId != null ? parent.rootId : parent.id;
    child.capabilities = parent.capabilities;
    h.initiated(id);
    watch(
        child,
        s -> {
          if (s.status == StackStatus.CREATE_COMPLETE) {
            h.succeeded(outputs(s));
            return true;
          }
          if (s.status == StackStatus.ROLLBACK_IN_PROGRESS) {
            h.failed("Embedded stack " + s.id + " was not successfully created: " + s.statusReason);
            return true;
          }
          return false;
        });
    h.whenCancelled(() -> engine.operations.cancel(child));
    engine.operations.create(
        child, target, NestedTemplates.tags(r.stackTags(), r.properties()), null);
    timeout(r, child);
  }

  @Override
  public void update(Request r, String physicalId, ObjectNode previous, OpHandle h) {
    StackState child = engine.require(physicalId);
    if (!child.status.updatable()) {
      h.failed("Stack:" + child.id + " is in " + child.status + " state and can not be updated.");
      return;
    }
    StackState parent = engine.require(r.stack().stackId());
    ChangeSetState planned = executing(child);
    TemplateInstance target;
    try {
      // A nested change set fixes the template; the parameter values are worked out now, when
      // the parent updates this resource after its dependencies, as CloudFormation does: a
      // value read from another child's outputs (unknown while planning) is the updated one.
      target =
          planned != null
              ? engine.nestedTemplates.evaluate(
                  planned.target.template(),
                  r.properties(),
                  child.parameters(),
                  engine.identity(child.name, child.id))
              : engine.nestedTemplates.load(
                  r.properties(),
                  child.parameters(),
                  parent.capabilities,
                  engine.identity(child.name, child.id));
    } catch (CloudException e) {
      h.failed(e.getMessage());
      return;
    }
    child.capabilities = parent.capabilities;
    watch(
        child,
        s -> {
          if (s.status == StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS && s.awaiting != null) {
            h.succeeded(outputs(s));
            return true;
          }
          if (s.status == StackStatus.UPDATE_ROLLBACK_IN_PROGRESS) {
            h.failed(
                "Embedded stack "
                    + s.id
                    + " was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS"
                    + " with reason: "
                    + s.statusReason);
            return true;
          }
          return false;
        });
    h.whenCancelled(() -> engine.operations.cancel(child));
    Map<String, String> tags =
        planned != null ? planned.tags : NestedTemplates.tags(r.stackTags(), r.properties());
    engine.operations.update(child, target, tags, planned, true);
    timeout(r, child);
  }

  /**
   * The parent rolls back: a child whose update went through rolls back now; one that failed (or
   * was cancelled) is already rolling back; either way the resource is restored once the child is
   * UPDATE_ROLLBACK_COMPLETE, with its old outputs.
   */
  @Override
  public void restore(Request r, String physicalId, ObjectNode attempted, OpHandle h) {
    StackState child = engine.require(physicalId);
    Predicate<StackState> settle =
        s -> {
          if (s.awaiting != null) {
            engine.ctx.clock().schedule(Duration.ZERO, () -> engine.operations.rollBackNested(s));
            return false;
          }
          if (s.status == StackStatus.UPDATE_ROLLBACK_COMPLETE) {
            h.succeeded(outputs(s));
            return true;
          }
          if (s.status == StackStatus.UPDATE_ROLLBACK_FAILED) {
            h.failed(
                "Embedded stack "
                    + s.id
                    + " was not successfully updated. Currently in UPDATE_ROLLBACK_FAILED with"
                    + " reason: "
                    + s.statusReason);
            return true;
          }
          if (!s.status.inProgress()) {
            h.succeeded(outputs(s));
            return true;
          }
          return false;
        };
    if (!settle.test(child)) {
      child.watchers.add(settle);
    }
  }

  @Override
  public void delete(Request r, String physicalId, Removal removal, OpHandle h) {
    StackState child = engine.find(physicalId).orElse(null);
    if (child == null || child.status == StackStatus.DELETE_COMPLETE) {
      h.succeeded(Map.of());
      return;
    }
    Runnable go =
        () -> {
          watch(
              child,
              s -> {
                if (s.status == StackStatus.DELETE_COMPLETE) {
                  h.succeeded(Map.of());
                  return true;
                }
                if (s.status == StackStatus.DELETE_FAILED) {
                  h.failed(
                      "Embedded stack "
                          + s.id
                          + " was not successfully deleted: "
                          + s.statusReason);
                  return true;
                }
                return false;
              });
          engine.operations.delete(child, true);
        };
    if (busy(child)) {
      // A creation or update the parent cancelled is still rolling back: delete after it.
      child.watchers.add(
          s -> {
            if (busy(s)) {
              return false;
            }
            engine.ctx.clock().schedule(Duration.ZERO, go);
            return true;
          });
    } else {
      go.run();
    }
  }

  private static boolean busy(StackState s) {
    return s.status.inProgress() && s.status != StackStatus.REVIEW_IN_PROGRESS;
  }

  /** The nested change set the root's execution hands this child, if any. */
  private static ChangeSetState executing(StackState child) {
    for (ChangeSetState cs : child.changeSets.values()) {
      if (cs.parentId != null && cs.execution.equals("EXECUTE_IN_PROGRESS")) {
        return cs;
      }
    }
    return null;
  }

  /**
   * TimeoutInMinutes: the creation or update just started, if its forward phase still runs then, is
   * cancelled and rolls back (failing this resource).
   */
  private void timeout(Request r, StackState child) {
    Integer minutes = Props.integer(r.properties(), "TimeoutInMinutes");
    Deployment started = child.deployment;
    if (minutes == null || started == null) {
      return;
    }
    engine
        .ctx
        .clock()
        .schedule(
            Duration.ofMinutes(minutes),
            () -> {
              if (child.deployment == started) {
                started.cancel();
              }
            });
  }

  private void watch(StackState child, Predicate<StackState> w) {
    child.watchers.add(w);
  }

  /** What Fn::GetAtt reads: Outputs.Name for each of the child's outputs. */
  private static Map<String, JsonNode> outputs(StackState child) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    child.outputs.forEach((k, v) -> out.put("Outputs." + k, TextNode.valueOf(v)));
    return out;
  }

  /** {@code parent-LogicalId-RANDOM}, at most 128 characters, as CloudFormation names it. */
  private String childName(Request r) {
    String suffix = engine.ctx.ids().suffix(12);
    String head = r.stack().stackName() + "-" + r.logicalId();
    int room = 128 - suffix.length() - 1;
    return (head.length() > room ? head.substring(0, room) : head) + "-" + suffix;
  }
}
