package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which top-level properties of a resource changed, compared the way CloudFormation compares them:
 * every scalar as a string (so 100 and "100" are equal), Tags as a set.
 */
final class PropertyDiff {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PropertyDiff() {}

  static List<String> changed(ObjectNode before, ObjectNode after) {
    Set<String> names = new LinkedHashSet<>();
    before.fieldNames().forEachRemaining(names::add);
    after.fieldNames().forEachRemaining(names::add);
    List<String> out = new ArrayList<>();
    for (String name : names) {
      if (!same(before.get(name), after.get(name))) {
        out.add(name);
      }
    }
    return out;
  }

  static boolean same(JsonNode a, JsonNode b) {
    return normalize(a).equals(normalize(b));
  }

  static JsonNode normalize(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NullNode.getInstance();
    }
    if (node.isValueNode()) {
      return TextNode.valueOf(node.asText());
    }
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(n -> items.add(normalize(n)));
      if (items.stream().allMatch(i -> i.isObject() && i.has("Key") && i.size() <= 2)) {
        items.sort(Comparator.comparing(i -> i.get("Key").asText()));
      }
      ArrayNode out = NODES.arrayNode();
      items.forEach(out::add);
      return out;
    }
    ObjectNode out = NODES.objectNode();
    Map<String, JsonNode> sorted = new TreeMap<>();
    node.properties().forEach(e -> sorted.put(e.getKey(), normalize(e.getValue())));
    sorted.forEach(out::set);
    return out;
  }

  /**
   * Whether the template changed one of the resource's attributes (policies) other than properties.
   */
  static List<String> policies(ResourceDecl before, ResourceDecl after) {
    List<String> out = new ArrayList<>();
    if (!Objects.equals(before.creationPolicy(), after.creationPolicy())) {
      out.add("CreationPolicy");
    }
    if (!Objects.equals(before.deletionPolicy(), after.deletionPolicy())) {
      out.add("DeletionPolicy");
    }
    if (!Objects.equals(before.updatePolicy(), after.updatePolicy())) {
      out.add("UpdatePolicy");
    }
    if (!Objects.equals(before.updateReplacePolicy(), after.updateReplacePolicy())) {
      out.add("UpdateReplacePolicy");
    }
    return out;
  }
}
