package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.ResourceToImport;
import dev.statefulcluster.cloud.StackStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An IMPORT change set ("Import AWS resources into a CloudFormation stack manually", "Nesting an
 * existing stack"): the checks CreateChangeSet makes and the Import changes it reports.
 *
 * <p>Refused at once (ValidationError): a resource to import that the template lacks or types
 * otherwise, one without a DeletionPolicy, a type that does not support import, an identifier that
 * is not the type's, the same resource twice, any other resource created, changed or deleted, any
 * output changed or added, an import into a nested stack. Found while the change set is planned
 * (status FAILED): a resource that does not exist, one another stack manages, a stack to nest that
 * is nested already, has nested stacks, is busy, or whose template, parameters or tags differ from
 * what the parent's definition says.
 */
final class ResourceImports {

  /**
   * The types the model imports, with their identifier property (the schema's primaryIdentifier).
   * All are in AWS's "Resource type support" list for import; AWS::CloudFormation::WaitCondition
   * Handle and AWS::EC2::SecurityGroupIngress are not, so they are refused.
   */
  static final Map<String, String> IDENTIFIERS =
      Map.of(
          "AWS::EC2::NetworkInterface",
          "Id",
          "AWS::EC2::Volume",
          "VolumeId",
          "AWS::EC2::Instance",
          "InstanceId",
          "AWS::EC2::SecurityGroup",
          "Id",
          "AWS::CloudWatch::Alarm",
          "AlarmName",
          StackEngine.STACK_TYPE,
          "StackId");

  /** One resource the change set imports. */
  record Entry(String logicalId, String type, String physicalId) {}

  private final List<Entry> entries;

  private ResourceImports(List<Entry> entries) {
    this.entries = entries;
  }

  List<Entry> entries() {
    return entries;
  }

  /** The checks CloudFormation makes of the request and template alone. */
  static ResourceImports check(
      StackState existing, TemplateInstance target, List<ResourceToImport> resources) {
    if (existing != null && existing.parentId != null) {
      throw ApiErrors.validation(
          "Stack "
              + existing.name
              + " is a nested stack: resource import supports one level of nesting and does"
              + " not import into a child stack");
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    Set<String> physical = new LinkedHashSet<>();
    List<String> unsupported = new ArrayList<>();
    List<String> noPolicy = new ArrayList<>();
    for (ResourceToImport r : resources) {
      String id = r.logicalResourceId();
      ResourceDecl decl = target.template().resources().get(id);
      if (decl == null || !target.active(id)) {
        throw ApiErrors.validation(
            "Resource " + id + " to import is not in the template (or its condition is false)");
      }
      if (!decl.type().equals(r.resourceType())) {
        throw ApiErrors.validation(
            "Resource "
                + id
                + " to import is of type "
                + r.resourceType()
                + " but the template declares "
                + decl.type());
      }
      String property = IDENTIFIERS.get(decl.type());
      if (property == null) {
        unsupported.add(decl.type());
        continue;
      }
      if (!r.resourceIdentifier().keySet().equals(Set.of(property))) {
        throw ApiErrors.validation(
            "Resource "
                + id
                + " of type "
                + decl.type()
                + " is identified by ["
                + property
                + "], not "
                + r.resourceIdentifier().keySet());
      }
      if (decl.deletionPolicy() == null) {
        noPolicy.add(id);
      }
      String value = r.resourceIdentifier().get(property);
      if (!ids.add(id) || !physical.add(decl.type() + "/" + value)) {
        throw ApiErrors.validation(
            "Resource " + id + " (" + value + ") is listed more than once to import");
      }
      entries.add(new Entry(id, decl.type(), value));
    }
    if (!unsupported.isEmpty()) {
      throw ApiErrors.validation(
          "ResourceTypes " + unsupported.stream().distinct().toList() + " do not support import");
    }
    if (!noPolicy.isEmpty()) {
      throw ApiErrors.validation(
          "The following resources to import "
              + noPolicy
              + " must have DeletionPolicy attribute specified in the template.");
    }
    // "Import operations don't allow new resource creations, resource deletions, or changes to
    // property configurations", nor outputs modified or added.
    List<String> changed = new ArrayList<>();
    Map<String, ResourceState> current = existing == null ? Map.of() : existing.resources;
    for (String id : ids) {
      if (current.containsKey(id) && !current.get(id).gone()) {
        throw ApiErrors.validation(
            "Resource " + id + " to import has the logical id of a resource the stack has");
      }
    }
    for (String id : target.resources()) {
      boolean present = current.containsKey(id) && !current.get(id).gone();
      if (target.active(id) && !ids.contains(id) && !present) {
        changed.add(id);
      }
    }
    for (String id : current.keySet()) {
      if (!target.active(id) && !current.get(id).gone()) {
        changed.add(id);
      }
    }
    if (!changed.isEmpty()) {
      throw ApiErrors.validation(
          "As part of the import operation, you cannot create or delete resources " + changed);
    }
    Map<String, OutputDecl> before =
        existing == null || existing.current == null
            ? Map.of()
            : existing.current.template().outputs();
    if (!before.equals(target.template().outputs())) {
      throw ApiErrors.validation(
          "As part of the import operation, you cannot modify or add [Outputs]");
    }
    return new ResourceImports(List.copyOf(entries));
  }

  /**
   * Plans the change set on {@code s} (registered by now): the resources must exist, belong to no
   * stack, and the rest of the stack must not change.
   */
  List<ResourceChange> plan(
      StackEngine engine, StackState s, TemplateInstance target, Function<String, String> readUrl) {
    ChangeSetPlanner.Plan plan = ChangeSetPlanner.planned(s, target);
    Set<String> importing = new LinkedHashSet<>();
    entries.forEach(e -> importing.add(e.logicalId()));
    List<String> modified = new ArrayList<>();
    for (ResourceChange c : plan.changes()) {
      if (!importing.contains(c.logicalId())
          && !(c.resourceType().equals(StackEngine.STACK_TYPE)
              && c.details().stream().allMatch(d -> "Automatic".equals(d.changeSource())))) {
        modified.add(c.logicalId());
      }
    }
    if (!modified.isEmpty()) {
      throw ApiErrors.validation(
          "As part of the import operation, you cannot modify resources " + modified);
    }
    List<ResourceChange> out = new ArrayList<>();
    for (Entry e : entries) {
      String owner = owner(engine, e);
      if (owner != null) {
        throw ApiErrors.validation(
            "Resource "
                + e.physicalId()
                + " ("
                + e.logicalId()
                + ") already belongs to stack "
                + owner
                + ": a resource can be imported into one stack only");
      }
      if (e.type().equals(StackEngine.STACK_TYPE)) {
        nestable(engine, s, e, resolved(engine, s, target, e.logicalId()), readUrl);
      } else if (attributes(engine, e) == null) {
        throw ApiErrors.validation(
            "Resource " + e.physicalId() + " (" + e.logicalId() + ") does not exist");
      }
      out.add(
          new ResourceChange(
              ResourceChange.Action.IMPORT,
              e.logicalId(),
              e.physicalId(),
              e.type(),
              ResourceChange.Replacement.NONE,
              List.of(),
              List.of()));
    }
    return out;
  }

  /** The definition's properties with what the stack has now; null if they need more. */
  private static ObjectNode resolved(
      StackEngine engine, StackState s, TemplateInstance target, String logicalId) {
    try {
      JsonNode p = engine.runtime(s, target).resolve(target.decl(logicalId).properties());
      return p instanceof ObjectNode o ? o : null;
    } catch (CloudException unresolved) {
      return null;
    }
  }

  /** The live stack that manages the resource now, or null. */
  static String owner(StackEngine engine, Entry e) {
    for (StackState other : engine.allStacks()) {
      if (other.status == StackStatus.DELETE_COMPLETE) {
        continue;
      }
      for (ResourceState r : other.resources.values()) {
        if (r.type.equals(e.type()) && e.physicalId().equals(r.physicalId) && !r.gone()) {
          return other.name;
        }
      }
    }
    return null;
  }

  /**
   * "Nested stack import validation": the definition in the parent names the stack's own template
   * and parameters and its tags; the stack is a root with no nested stacks of its own, idle.
   */
  private static void nestable(
      StackEngine engine,
      StackState parent,
      Entry e,
      ObjectNode props,
      Function<String, String> readUrl) {
    StackState child =
        engine
            .find(e.physicalId())
            .filter(c -> c.status != StackStatus.DELETE_COMPLETE)
            .orElseThrow(() -> ApiErrors.validation("Stack " + e.physicalId() + " does not exist"));
    if (child.id.equals(parent.id)) {
      throw ApiErrors.validation("A stack cannot be nested in itself");
    }
    if (child.parentId != null || !engine.children(child).isEmpty()) {
      throw ApiErrors.validation(
          "Stack "
              + child.name
              + (child.parentId != null ? " is a nested stack" : " has nested stacks")
              + ": resource import supports one level of nesting");
    }
    if (child.status.inProgress() || child.current == null) {
      throw ApiErrors.validation(
          "Stack " + child.name + " is in " + child.status + " state and can not be imported");
    }
    if (props == null || Unknowns.in(props)) {
      throw ApiErrors.validation(
          "The definition of " + e.logicalId() + " depends on values not known before the import");
    }
    String body = readUrl.apply(Props.text(props, "TemplateURL"));
    if (!TemplateParser.parse(body).sameContent(child.current.template())) {
      throw ApiErrors.validation(
          "The template of "
              + e.logicalId()
              + " does not match the template of stack "
              + child.name);
    }
    Map<String, String> given = new LinkedHashMap<>();
    NestedTemplates.parameters(props).forEach(p -> given.put(p.key(), p.value()));
    if (!given.equals(child.parameters())) {
      throw ApiErrors.validation(
          "The parameters of "
              + e.logicalId()
              + " do not match the parameters of stack "
              + child.name);
    }
    Map<String, String> tags = NestedTemplates.tags(parent.tags, props);
    if (!tags.equals(child.tags)) {
      throw ApiErrors.validation(
          "The tags of " + e.logicalId() + " do not match the tags of stack " + child.name);
    }
  }

  /** What Fn::GetAtt reads of the resource as it is now; null when it does not exist. */
  static Map<String, JsonNode> attributes(StackEngine engine, Entry e) {
    Ec2Model ec2 = engine.ec2;
    try {
      return switch (e.type()) {
        case "AWS::EC2::NetworkInterface" ->
            NetworkInterfaceProvider.attributes(ec2.network.eni(e.physicalId()));
        case "AWS::EC2::Volume" -> {
          SimVolume v = ec2.volumes.get(e.physicalId());
          yield v.state.equals("deleting") ? null : VolumeProvider.attributes(v.id);
        }
        case "AWS::EC2::Instance" -> {
          SimInstance i = ec2.instances.get(e.physicalId());
          yield i.live() ? InstanceProvider.attributes(i, engine.ctx.region()) : null;
        }
        case "AWS::EC2::SecurityGroup" ->
            SecurityGroupProvider.attributes(ec2.network.group(e.physicalId()));
        case "AWS::CloudWatch::Alarm" -> ec2.alarms.exists(e.physicalId()) ? Map.of() : null;
        case StackEngine.STACK_TYPE -> {
          StackState child = engine.find(e.physicalId()).orElse(null);
          if (child == null || child.status == StackStatus.DELETE_COMPLETE) {
            yield null;
          }
          Map<String, JsonNode> out = new LinkedHashMap<>();
          child.outputs.forEach((k, v) -> out.put("Outputs." + k, TextNode.valueOf(v)));
          yield out;
        }
        default -> null;
      };
    } catch (CloudException notFound) {
      return null;
    }
  }
}
