package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statefulcluster.cloud.StackStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Executing an IMPORT change set: IMPORT_IN_PROGRESS, each resource IMPORT_IN_PROGRESS then
 * IMPORT_COMPLETE, the stack IMPORT_COMPLETE. Nothing is created, changed or deleted: the stack
 * takes the template and starts managing what exists, and "any stack-level tags are applied to
 * imported resources at this time". A nested stack imported gets the stack as its parent and root.
 *
 * <p>A resource gone or taken by another stack since the change set was made fails the import:
 * IMPORT_ROLLBACK_IN_PROGRESS, every resource of this import released again (none is deleted), the
 * previous template back, IMPORT_ROLLBACK_COMPLETE (a new stack is left with no template and no
 * resources). AWS documents these statuses, not what fails an import after its change set was made;
 * the reasons' wording is the model's.
 */
final class ImportOperation {
  private final StackEngine engine;

  ImportOperation(StackEngine engine) {
    this.engine = engine;
  }

  void execute(StackState s, ChangeSetState cs) {
    TemplateInstance previous = s.current;
    Map<String, String> previousOutputs = s.outputs;
    Map<String, String> previousTags = s.tags;
    s.capabilities = cs.capabilities;
    s.current = cs.target;
    s.tags = cs.tags;
    s.lastUpdated = engine.ctx.clock().now();
    engine.stackStatus(s, StackStatus.IMPORT_IN_PROGRESS, "User Initiated");
    List<ResourceImports.Entry> entries = cs.imports.entries();
    for (ResourceImports.Entry e : entries) {
      engine.event(s, e.logicalId(), e.type(), e.physicalId(), "IMPORT_IN_PROGRESS", null);
    }
    engine.ctx.after(
        SimLatencies.Step.PROPERTY_UPDATE,
        () -> {
          List<String> failed = new ArrayList<>();
          List<ResourceState> imported = new ArrayList<>();
          for (ResourceImports.Entry e : entries) {
            Map<String, JsonNode> attributes = ResourceImports.attributes(engine, e);
            String owner = ResourceImports.owner(engine, e);
            if (attributes == null || owner != null) {
              failed.add(e.logicalId());
              engine.event(
                  s,
                  e.logicalId(),
                  e.type(),
                  e.physicalId(),
                  "IMPORT_FAILED",
                  attributes == null
                      ? "Resource " + e.physicalId() + " does not exist"
                      : "Resource " + e.physicalId() + " already belongs to stack " + owner);
              continue;
            }
            ResourceState r = new ResourceState(e.logicalId(), e.type());
            r.decl = cs.target.decl(e.logicalId());
            r.physicalId = e.physicalId();
            r.attributes = attributes;
            r.dependsOn = cs.target.dependsOn(e.logicalId());
            r.lastUpdated = engine.ctx.clock().now();
            s.resources.put(r.logicalId, r);
            imported.add(r);
          }
          if (!failed.isEmpty()) {
            rollBack(s, cs, imported, failed, previous, previousOutputs, previousTags);
            return;
          }
          Intrinsics in = engine.runtime(s, cs.target);
          for (ResourceState r : imported) {
            JsonNode props = in.resolve(r.decl.properties());
            r.properties = props instanceof ObjectNode o ? o : null;
            r.metadata = r.decl.metadata() == null ? null : in.resolve(r.decl.metadata());
            tag(s, r);
            engine.record(s, r, "IMPORT_COMPLETE", null);
          }
          s.outputs = engine.outputs(s, cs.target);
          cs.execution = "EXECUTE_COMPLETE";
          engine.stackStatus(s, StackStatus.IMPORT_COMPLETE, null);
        });
  }

  /** The stack's tags reach the imported resource; a nested stack gets its parent. */
  private void tag(StackState s, ResourceState r) {
    Ec2Model ec2 = engine.ec2;
    switch (r.type) {
      case "AWS::EC2::NetworkInterface" -> ec2.network.eni(r.physicalId).tags.putAll(s.tags);
      case "AWS::EC2::Volume" -> ec2.volumes.get(r.physicalId).tags.putAll(s.tags);
      case "AWS::EC2::Instance" -> ec2.instances.get(r.physicalId).tags.putAll(s.tags);
      case StackEngine.STACK_TYPE -> {
        StackState child = engine.require(r.physicalId);
        child.parentId = s.id;
        child.rootId = s.rootId != null ? s.rootId : s.id;
      }
      default -> {}
    }
  }

  private void rollBack(
      StackState s,
      ChangeSetState cs,
      List<ResourceState> imported,
      List<String> failed,
      TemplateInstance previous,
      Map<String, String> previousOutputs,
      Map<String, String> previousTags) {
    cs.execution = "EXECUTE_FAILED";
    engine.stackStatus(
        s,
        StackStatus.IMPORT_ROLLBACK_IN_PROGRESS,
        "The following resource(s) failed to import: " + failed + ".");
    engine.ctx.after(
        SimLatencies.Step.PROPERTY_UPDATE,
        () -> {
          for (ResourceState r : imported) {
            s.resources.remove(r.logicalId);
            engine.event(s, r.logicalId, r.type, r.physicalId, "DELETE_SKIPPED", null);
          }
          s.current = previous;
          s.outputs = previousOutputs;
          s.tags = previousTags;
          engine.stackStatus(s, StackStatus.IMPORT_ROLLBACK_COMPLETE, null);
        });
  }
}
