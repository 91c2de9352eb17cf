package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads resolved resource properties; CloudFormation passes every scalar as a string. */
final class Props {
  private Props() {}

  static String text(JsonNode props, String name) {
    JsonNode v = props.get(name);
    return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
  }

  static Integer integer(JsonNode props, String name) {
    String v = text(props, name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw ApiErrors.service(
          "InvalidParameterValue",
          "Value (" + v + ") for parameter " + name + " is invalid. Expected an integer.");
    }
  }

  static boolean bool(JsonNode props, String name, boolean otherwise) {
    String v = text(props, name);
    return v == null ? otherwise : Boolean.parseBoolean(v.trim());
  }

  static List<String> strings(JsonNode props, String name) {
    List<String> out = new ArrayList<>();
    JsonNode v = props.get(name);
    if (v != null && v.isArray()) {
      v.forEach(e -> out.add(e.asText()));
    } else if (v != null && v.isValueNode()) {
      out.add(v.asText());
    }
    return out;
  }

  static List<JsonNode> objects(JsonNode props, String name) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode v = props.get(name);
    if (v != null && v.isArray()) {
      v.forEach(out::add);
    }
    return out;
  }

  /** A Tags list ([{Key, Value}…]) as a map, in order. */
  static Map<String, String> tags(JsonNode props) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode t : objects(props, "Tags")) {
      out.put(t.path("Key").asText(), t.path("Value").asText());
    }
    return out;
  }
}
