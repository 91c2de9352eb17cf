package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks CloudFormation makes on a template before looking at parameter values: every reference
 * resolves, every condition exists, no cycles, known resource types.
 */
final class TemplateValidator {
  static final Set<String> PSEUDO =
      Set.of(
          "AWS::StackName",
          "AWS::StackId",
          "AWS::Region",
          "AWS::AccountId",
          "AWS::Partition",
          "AWS::URLSuffix",
          "AWS::NotificationARNs",
          "AWS::NoValue");

  private final ParsedTemplate t;
  private final ResourceTypes types;

  private TemplateValidator(ParsedTemplate t, ResourceTypes types) {
    this.t = t;
    this.types = types;
  }

  static void validate(ParsedTemplate t, ResourceTypes types) {
    TemplateValidator v = new TemplateValidator(t, types);
    v.functions(t.root());
    v.types();
    v.conditions();
    v.resources();
    v.outputs();
    v.cycles();
  }

  /** Every function the template calls is one CloudFormation knows and the model evaluates. */
  private void functions(JsonNode node) {
    if (node.isObject() && node.size() == 1) {
      String key = node.fieldNames().next();
      if (key.startsWith("Fn::") && !Intrinsics.FUNCTIONS.contains(key)) {
        if (Intrinsics.NOT_MODELED.contains(key)) {
          throw ApiErrors.validation(key + " is not modeled by the in-memory CloudFormation");
        }
        throw ApiErrors.format(
            "Encountered unsupported function: "
                + key
                + " Supported functions are: "
                + Intrinsics.SUPPORTED);
      }
    }
    node.forEach(this::functions);
  }

  private void types() {
    Set<String> unknown = new TreeSet<>();
    for (ResourceDecl r : t.resources().values()) {
      if (!types.modeled(r.type())) {
        unknown.add(r.type());
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiErrors.format(
          "Unrecognized resource types: "
              + unknown
              + " (the in-memory model provides "
              + new TreeSet<>(types.modeledTypes())
              + ")");
    }
  }

  private void conditions() {
    for (Map.Entry<String, JsonNode> c : t.conditions().entrySet()) {
      References refs = References.all(c.getValue());
      Set<String> resources = refs.resources(t.resources().keySet());
      if (!resources.isEmpty() || !refs.getAtts.isEmpty()) {
        throw ApiErrors.format(
            "Unresolved dependencies "
                + (resources.isEmpty() ? refs.getAtts : resources)
                + ". Cannot reference resources in the Conditions block of the template");
      }
      unresolved(refs, "Conditions");
      conditionsExist(refs.conditions, "condition " + c.getKey());
    }
    // Cycles between conditions.
    Map<String, Set<String>> graph = new HashMap<>();
    t.conditions().forEach((name, expr) -> graph.put(name, References.all(expr).conditions));
    List<String> cycle = Graphs.cycle(graph);
    if (cycle != null) {
      throw ApiErrors.format("Circular dependency between conditions: " + cycle);
    }
  }

  private void resources() {
    for (ResourceDecl r : t.resources().values()) {
      if (r.condition() != null && !t.conditions().containsKey(r.condition())) {
        throw ApiErrors.format(
            "Unresolved condition dependency " + r.condition() + " in resource " + r.logicalId());
      }
      References refs = refsOf(r);
      unresolved(refs, "Resources");
      Set<String> missing = new TreeSet<>();
      for (String d : r.dependsOn()) {
        if (!t.resources().containsKey(d)) {
          missing.add(d);
        }
      }
      if (!missing.isEmpty()) {
        throw ApiErrors.format(
            "Unresolved resource dependencies "
                + missing
                + " in the Resources block of the template");
      }
      conditionsExist(refs.conditions, "Fn::If");
      ResourceSignal.of(r.logicalId(), r.creationPolicy());
    }
  }

  private void outputs() {
    for (OutputDecl o : t.outputs().values()) {
      if (o.condition() != null && !t.conditions().containsKey(o.condition())) {
        throw ApiErrors.format(
            "Unresolved condition dependency " + o.condition() + " in output " + o.name());
      }
      References refs = References.all(o.value());
      unresolved(refs, "Outputs");
      conditionsExist(refs.conditions, "Fn::If");
    }
  }

  private void cycles() {
    Map<String, Set<String>> graph = new HashMap<>();
    for (ResourceDecl r : t.resources().values()) {
      Set<String> deps = new LinkedHashSet<>(refsOf(r).resources(t.resources().keySet()));
      deps.addAll(r.dependsOn());
      graph.put(r.logicalId(), deps);
    }
    List<String> cycle = Graphs.cycle(graph);
    if (cycle != null) {
      throw ApiErrors.format("Circular dependency between resources: " + new TreeSet<>(cycle));
    }
  }

  static References refsOf(ResourceDecl r) {
    References refs = References.all(r.properties());
    References meta = References.all(r.metadata());
    refs.refs.addAll(meta.refs);
    refs.getAtts.addAll(meta.getAtts);
    refs.conditions.addAll(meta.conditions);
    return refs;
  }

  private void unresolved(References refs, String block) {
    Set<String> missing = new TreeSet<>();
    for (String ref : refs.refs) {
      if (!PSEUDO.contains(ref)
          && !t.parameters().containsKey(ref)
          && !t.resources().containsKey(ref)) {
        missing.add(ref);
      }
    }
    if (!missing.isEmpty()) {
      throw ApiErrors.format(
          "Unresolved resource dependencies "
              + missing
              + " in the "
              + block
              + " block of the template");
    }
    for (String att : refs.getAtts) {
      int dot = att.indexOf('.');
      String id = att.substring(0, dot);
      String attribute = att.substring(dot + 1);
      ResourceDecl target = t.resources().get(id);
      if (target == null) {
        throw ApiErrors.template("instance of Fn::GetAtt references undefined resource " + id);
      }
      if (!attribute.equals("*") && !types.hasAttribute(target.type(), attribute)) {
        throw ApiErrors.template(
            "resource " + id + " does not support attribute type " + attribute + " in Fn::GetAtt");
      }
    }
  }

  private void conditionsExist(Set<String> names, String where) {
    List<String> missing = new ArrayList<>();
    for (String c : names) {
      if (!t.conditions().containsKey(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw ApiErrors.template(
          "unresolved condition dependency " + String.join(", ", missing) + " in " + where);
    }
  }
}
