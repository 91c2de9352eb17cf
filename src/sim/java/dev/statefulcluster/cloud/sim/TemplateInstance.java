package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A template evaluated against parameter values: the value of each condition, the resources and
 * outputs that exist, and what each resource depends on once every Fn::If took its branch.
 */
final class TemplateInstance {

  /** What Ref and Fn::GetAtt return for resources. */
  interface ResourceValues {
    JsonNode ref(String logicalId);

    JsonNode getAtt(String logicalId, String attribute);
  }

  private final ParsedTemplate template;
  private final Map<String, String> parameters;
  private final StackIdentity identity;
  private final Map<String, Boolean> conditions = new HashMap<>();
  private final Set<String> evaluating = new HashSet<>();
  private final Map<String, Set<String>> dependsOn = new LinkedHashMap<>();
  private final List<String> outputs = new ArrayList<>();

  private TemplateInstance(
      ParsedTemplate template, Map<String, String> parameters, StackIdentity identity) {
    this.template = template;
    this.parameters = Map.copyOf(parameters);
    this.identity = identity;
  }

  static TemplateInstance evaluate(
      ParsedTemplate t, Map<String, String> parameters, StackIdentity identity) {
    TemplateInstance instance = new TemplateInstance(t, parameters, identity);
    t.conditions().keySet().forEach(instance::condition);
    instance.wire();
    return instance;
  }

  ParsedTemplate template() {
    return template;
  }

  Map<String, String> parameters() {
    return parameters;
  }

  StackIdentity identity() {
    return identity;
  }

  /** Active resources, template order. */
  Set<String> resources() {
    return dependsOn.keySet();
  }

  boolean active(String logicalId) {
    return dependsOn.containsKey(logicalId);
  }

  ResourceDecl decl(String logicalId) {
    return template.resources().get(logicalId);
  }

  /** The active resources {@code logicalId} waits for. */
  Set<String> dependsOn(String logicalId) {
    return dependsOn.get(logicalId);
  }

  List<String> outputs() {
    return outputs;
  }

  boolean condition(String name) {
    Boolean known = conditions.get(name);
    if (known != null) {
      return known;
    }
    if (!evaluating.add(name)) {
      throw ApiErrors.format("Circular dependency between conditions: [" + name + "]");
    }
    JsonNode expr = template.conditions().get(name);
    if (expr == null) {
      throw ApiErrors.template("unresolved condition dependency " + name + " in Fn::If");
    }
    boolean value = intrinsics(null).condition(expr);
    evaluating.remove(name);
    conditions.put(name, value);
    return value;
  }

  /** The evaluator for this instance; {@code values} answers for resources (null: none allowed). */
  Intrinsics intrinsics(ResourceValues values) {
    return new Intrinsics(new Scope(values), template.mappings());
  }

  private void wire() {
    Set<String> all = template.resources().keySet();
    Set<String> inactive = new TreeSet<>();
    for (ResourceDecl r : template.resources().values()) {
      if (r.condition() != null && !condition(r.condition())) {
        inactive.add(r.logicalId());
      }
    }
    for (ResourceDecl r : template.resources().values()) {
      if (inactive.contains(r.logicalId())) {
        continue;
      }
      References refs = References.taken(r.properties(), this::condition);
      References meta = References.taken(r.metadata(), this::condition);
      Set<String> deps = new LinkedHashSet<>(refs.resources(all));
      deps.addAll(meta.resources(all));
      deps.addAll(r.dependsOn());
      requireActive(deps, inactive, "Resources");
      dependsOn.put(r.logicalId(), deps);
    }
    for (OutputDecl o : template.outputs().values()) {
      if (o.condition() == null || condition(o.condition())) {
        requireActive(
            References.taken(o.value(), this::condition).resources(all), inactive, "Outputs");
        outputs.add(o.name());
      }
    }
  }

  private static void requireActive(Set<String> refs, Set<String> inactive, String block) {
    Set<String> missing = new TreeSet<>(refs);
    missing.retainAll(inactive);
    if (!missing.isEmpty()) {
      throw ApiErrors.format(
          "Unresolved resource dependencies "
              + missing
              + " in the "
              + block
              + " block of the template");
    }
  }

  JsonNode parameterValue(String name) {
    String value = parameters.get(name);
    ParameterDecl decl = template.parameters().get(name);
    if (decl.isList()) {
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      for (String item : value.split(",", -1)) {
        list.add(item);
      }
      return list;
    }
    return TextNode.valueOf(value);
  }

  private JsonNode pseudo(String name) {
    switch (name) {
      case "AWS::StackName":
        return TextNode.valueOf(identity.stackName());
      case "AWS::StackId":
        return TextNode.valueOf(identity.stackId());
      case "AWS::Region":
        return TextNode.valueOf(identity.region());
      case "AWS::AccountId":
        return TextNode.valueOf(identity.accountId());
      case "AWS::Partition":
        return TextNode.valueOf("aws");
      case "AWS::URLSuffix":
        return TextNode.valueOf("amazonaws.com");
      case "AWS::NotificationARNs":
        return JsonNodeFactory.instance.arrayNode();
      default:
        return null;
    }
  }

  private final class Scope implements Intrinsics.Scope {
    private final ResourceValues values;

    Scope(ResourceValues values) {
      this.values = values;
    }

    @Override
    public JsonNode ref(String name) {
      if (parameters.containsKey(name)) {
        return parameterValue(name);
      }
      JsonNode pseudo = pseudo(name);
      if (pseudo != null) {
        return pseudo;
      }
      if (values == null) {
        throw ApiErrors.format(
            "Unresolved dependencies ["
                + name
                + "]. Cannot reference resources in the Conditions block of the template");
      }
      if (!template.resources().containsKey(name) || !active(name)) {
        throw ApiErrors.format(
            "Unresolved resource dependencies ["
                + name
                + "] in the Resources block of the template");
      }
      return values.ref(name);
    }

    @Override
    public JsonNode getAtt(String logicalId, String attribute) {
      if (values == null || !active(logicalId)) {
        throw ApiErrors.template(
            "instance of Fn::GetAtt references undefined resource " + logicalId);
      }
      return values.getAtt(logicalId, attribute);
    }

    @Override
    public boolean condition(String name) {
      return TemplateInstance.this.condition(name);
    }

    @Override
    public List<String> availabilityZones() {
      return identity.azs();
    }
  }
}
