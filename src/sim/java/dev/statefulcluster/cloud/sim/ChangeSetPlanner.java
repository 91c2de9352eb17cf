package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.ResourceChange.ChangeDetail;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a change set reports: per resource Add, Modify or Remove; for Modify the changed properties
 * with RequiresRecreation from the resource schema (createOnly → Always, conditionalCreateOnly →
 * Conditionally), Static or Dynamic evaluation (Dynamic when the value depends on a resource the
 * update creates or replaces), and the cause. Replacement is True for an Always change evaluated
 * statically, Conditional for Always-but-Dynamic or Conditionally, False otherwise. A volume's
 * availability zone therefore shows as Replacement False: the schema lists no create-only property;
 * the update fails at execution instead.
 */
final class ChangeSetPlanner {
  private final StackState stack;
  private final TemplateInstance target;

  /** Logical ids whose Ref and attributes the update will change (added or maybe replaced). */
  private final Set<String> unknown = new LinkedHashSet<>();

  /** Whether the change set changes the stack's tags: every taggable resource is then updated. */
  private final boolean stackTagsChange;

  private ChangeSetPlanner(StackState stack, TemplateInstance target, boolean stackTagsChange) {
    this.stack = stack;
    this.target = target;
    this.stackTagsChange = stackTagsChange;
  }

  /** Whether resources of {@code type} take tags, and so the stack's tags reach them. */
  static boolean taggable(String type) {
    return SchemaCatalog.of(type).properties().contains("Tags");
  }

  /** Logical ids of nested stacks the update will update: their outputs may change. */
  private final Set<String> nestedUpdated = new LinkedHashSet<>();

  /** The properties of each modified resource as far as they are known before the update. */
  private final Map<String, ObjectNode> resolved = new LinkedHashMap<>();

  /** The changes, and the properties (unknown values marked) of the resources modified. */
  record Plan(List<ResourceChange> changes, Map<String, ObjectNode> properties) {}

  /** {@code stack} has no resources yet for a CREATE change set. */
  static List<ResourceChange> plan(StackState stack, TemplateInstance target) {
    return planned(stack, target).changes();
  }

  static Plan planned(StackState stack, TemplateInstance target) {
    return planned(stack, target, false);
  }

  /** {@code stackTagsChange}: the change set gives the stack other tags than it has. */
  static Plan planned(StackState stack, TemplateInstance target, boolean stackTagsChange) {
    ChangeSetPlanner p = new ChangeSetPlanner(stack, target, stackTagsChange);
    List<ResourceChange> changes = p.plan();
    return new Plan(changes, p.resolved);
  }

  private List<ResourceChange> plan() {
    Map<String, Set<String>> deps = new LinkedHashMap<>();
    target.resources().forEach(id -> deps.put(id, target.dependsOn(id)));
    Map<String, ResourceChange> byId = new HashMap<>();
    Intrinsics in = target.intrinsics(values());
    for (String id : Graphs.order(target.resources(), deps)) {
      ResourceDecl decl = target.decl(id);
      ResourceState current = stack.resources.get(id);
      if (current == null || current.gone()) {
        unknown.add(id);
        byId.put(id, new ResourceChange("Add", id, null, decl.type(), null, List.of(), List.of()));
        continue;
      }
      ObjectNode props = (ObjectNode) in.resolve(decl.properties());
      JsonNode meta = decl.metadata() == null ? null : in.resolve(decl.metadata());
      resolved.put(id, props);
      ResourceChange change = modify(id, current, decl, props, meta);
      if (change != null) {
        byId.put(id, change);
        if (decl.type().equals(StackEngine.STACK_TYPE)) {
          nestedUpdated.add(id);
        } else if (change.replacement() != ResourceChange.Replacement.FALSE) {
          unknown.add(id);
        }
      }
    }
    List<ResourceChange> out = new ArrayList<>();
    for (String id : target.resources()) {
      if (byId.containsKey(id)) {
        out.add(byId.get(id));
      }
    }
    for (ResourceState r : stack.resources.values()) {
      if (!target.active(r.logicalId) && !r.gone()) {
        out.add(
            new ResourceChange(
                "Remove", r.logicalId, r.physicalId, r.type, null, List.of(), List.of()));
      }
    }
    return out;
  }

  private ResourceChange modify(
      String id, ResourceState current, ResourceDecl decl, ObjectNode props, JsonNode meta) {
    List<ChangeDetail> details = new ArrayList<>();
    for (String name : PropertyDiff.changed(current.properties, props)) {
      boolean tags = name.equals("Tags");
      details(
          details,
          tags ? "Tags" : "Properties",
          tags ? null : name,
          Change.recreation(decl.type(), name),
          current.decl.properties().get(name),
          decl.properties().get(name),
          props.get(name));
    }
    if (stackTagsChange
        && taggable(decl.type())
        && details.stream().noneMatch(d -> d.attribute().equals("Tags"))) {
      // The stack's new tags reach the resource: an update of its tags, no property changed.
      details.add(new ChangeDetail("Tags", null, "Never", "Static", "DirectModification", null));
    }
    if (!PropertyDiff.same(current.metadata, meta)) {
      details(details, "Metadata", null, "Never", current.decl.metadata(), decl.metadata(), meta);
    }
    for (String policy : PropertyDiff.policies(current.decl, decl)) {
      details.add(new ChangeDetail(policy, null, "Never", "Static", "DirectModification", null));
    }
    if (details.isEmpty() && decl.type().equals(StackEngine.STACK_TYPE)) {
      // Every update initiates one of each nested stack: "If you made no changes to the
      // AWS::CloudFormation::Stack resource, CloudFormation sets the ChangeSource to Automatic
      // because the nested stack's template might have changed" (ResourceChangeDetail).
      details.add(new ChangeDetail("Properties", null, "Never", "Static", "Automatic", null));
    }
    if (details.isEmpty()) {
      return null;
    }
    Set<String> scope = new LinkedHashSet<>();
    details.forEach(d -> scope.add(d.attribute()));
    return new ResourceChange(
        "Modify",
        id,
        current.physicalId,
        decl.type(),
        replacement(details),
        new ArrayList<>(scope),
        details);
  }

  private void details(
      List<ChangeDetail> out,
      String attribute,
      String name,
      String recreation,
      JsonNode rawBefore,
      JsonNode rawAfter,
      JsonNode after) {
    boolean dynamic = after != null && Unknowns.in(after);
    boolean direct = !Objects.equals(rawBefore, rawAfter);
    if (direct) {
      out.add(new ChangeDetail(attribute, name, recreation, "Static", "DirectModification", null));
    }
    if (dynamic) {
      for (String entity : Unknowns.entities(after)) {
        String parameter = Unknowns.parameter(entity);
        out.add(
            new ChangeDetail(
                attribute,
                name,
                recreation,
                "Dynamic",
                parameter != null
                    ? "ParameterReference"
                    : entity.contains(".") ? "ResourceAttribute" : "ResourceReference",
                parameter != null ? parameter : entity));
      }
    }
    if (!direct && !dynamic) {
      Set<String> params = changedParameters(rawAfter);
      if (params.isEmpty()) {
        out.add(new ChangeDetail(attribute, name, recreation, "Static", "Automatic", null));
      }
      for (String p : params) {
        out.add(new ChangeDetail(attribute, name, recreation, "Static", "ParameterReference", p));
      }
    }
  }

  /**
   * Parameters an expression uses, directly or through the conditions of its Fn::If, whose value
   * changed.
   */
  private Set<String> changedParameters(JsonNode raw) {
    Set<String> names = new LinkedHashSet<>();
    collectParameters(References.all(raw), names, new LinkedHashSet<>());
    Set<String> out = new LinkedHashSet<>();
    for (String p : names) {
      if (!Objects.equals(stack.parameters().get(p), target.parameters().get(p))) {
        out.add(p);
      }
    }
    return out;
  }

  private void collectParameters(References refs, Set<String> names, Set<String> seen) {
    for (String r : refs.refs) {
      if (target.template().parameters().containsKey(r)) {
        names.add(r);
      }
    }
    for (String c : refs.conditions) {
      JsonNode expr = target.template().conditions().get(c);
      if (expr != null && seen.add(c)) {
        collectParameters(References.all(expr), names, seen);
      }
    }
  }

  /**
   * A create-only property whose value comes from a parameter a nested change set does not know is
   * reported as replaced (True), not Conditional: what AWS shows for a value known only after apply
   * (cloudformation-coverage-roadmap #759, #2113).
   */
  private static String replacement(List<ChangeDetail> details) {
    boolean conditional = false;
    for (ChangeDetail d : details) {
      boolean unknownParameter =
          d.evaluation().equals("Dynamic") && d.changeSource().equals("ParameterReference");
      if (d.requiresRecreation().equals("Always")
          && (d.evaluation().equals("Static") || unknownParameter)) {
        return "True";
      }
      conditional |= !d.requiresRecreation().equals("Never");
    }
    return conditional ? "Conditional" : "False";
  }

  private TemplateInstance.ResourceValues values() {
    return new TemplateInstance.ResourceValues() {
      @Override
      public JsonNode ref(String logicalId) {
        ResourceState r = stack.resources.get(logicalId);
        return unknown.contains(logicalId) || r == null || r.physicalId == null
            ? Unknowns.of(logicalId)
            : TextNode.valueOf(r.physicalId);
      }

      @Override
      public JsonNode getAtt(String logicalId, String attribute) {
        ResourceState r = stack.resources.get(logicalId);
        JsonNode v = r == null ? null : r.attributes.get(attribute);
        return unknown.contains(logicalId) || nestedUpdated.contains(logicalId) || v == null
            ? Unknowns.of(logicalId + "." + attribute)
            : v;
      }
    };
  }
}
