package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation's intrinsic functions in a piece of template. {@code AWS::NoValue}
 * evaluates to a {@link MissingNode}, which removes the enclosing property or list element.
 */
final class Intrinsics {

  /** Where names are looked up. */
  interface Scope {
    /** Ref: a parameter, pseudo parameter or resource. */
    JsonNode ref(String name);

    JsonNode getAtt(String logicalId, String attribute);

    boolean condition(String name);

    List<String> availabilityZones();
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
  static final Set<String> FUNCTIONS =
      Set.of(
          "Fn::GetAtt",
          "Fn::If",
          "Fn::Equals",
          "Fn::Not",
          "Fn::And",
          "Fn::Or",
          "Fn::Join",
          "Fn::Select",
          "Fn::Split",
          "Fn::Sub",
          "Fn::Base64",
          "Fn::FindInMap",
          "Fn::GetAZs");
  static final Set<String> NOT_MODELED =
      Set.of(
          "Fn::ImportValue",
          "Fn::Cidr",
          "Fn::Length",
          "Fn::ToJsonString",
          "Fn::Transform",
          "Fn::ForEach");
  static final String SUPPORTED =
      "[Fn::Base64, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, Fn::Join, Fn::Split, Fn::FindInMap,"
          + " Fn::Select, Ref, Fn::Equals, Fn::If, Fn::Not, Condition, Fn::And, Fn::Or, Fn::Sub, Fn::Cidr]";

  private final Scope scope;
  private final JsonNode mappings;

  Intrinsics(Scope scope, JsonNode mappings) {
    this.scope = scope;
    this.mappings = mappings;
  }

  static boolean isFunction(JsonNode node) {
    if (!node.isObject() || node.size() != 1) {
      return false;
    }
    String key = node.fieldNames().next();
    return key.equals("Ref") || key.startsWith("Fn::");
  }

  /** The value of {@code node} with every function evaluated; MissingNode for AWS::NoValue. */
  JsonNode resolve(JsonNode node) {
    if (node == null) {
      return MissingNode.getInstance();
    }
    if (isFunction(node)) {
      Map.Entry<String, JsonNode> f = node.properties().iterator().next();
      return function(f.getKey(), f.getValue());
    }
    if (node.isObject()) {
      ObjectNode out = NODES.objectNode();
      node.properties()
          .forEach(
              e -> {
                JsonNode v = resolve(e.getValue());
                if (!v.isMissingNode()) {
                  out.set(e.getKey(), v);
                }
              });
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode element : node) {
        JsonNode v = resolve(element);
        if (!v.isMissingNode()) {
          out.add(v);
        }
      }
      return out;
    }
    return node;
  }

  /** A condition expression: Fn::Equals, Fn::Not, Fn::And, Fn::Or or {"Condition": name}. */
  boolean condition(JsonNode node) {
    if (node.isObject() && node.size() == 1) {
      Map.Entry<String, JsonNode> f = node.properties().iterator().next();
      JsonNode arg = f.getValue();
      switch (f.getKey()) {
        case "Condition":
          return scope.condition(arg.asText());
        case "Fn::Equals":
          requireList(f.getKey(), arg, 2, 2);
          return text(resolve(arg.get(0))).equals(text(resolve(arg.get(1))));
        case "Fn::Not":
          requireList(f.getKey(), arg, 1, 1);
          return !condition(arg.get(0));
        case "Fn::And":
        case "Fn::Or":
          requireList(f.getKey(), arg, 2, 10);
          boolean and = f.getKey().equals("Fn::And");
          for (JsonNode c : arg) {
            if (condition(c) != and) {
              return !and;
            }
          }
          return and;
        default:
          break;
      }
    }
    throw ApiErrors.format(
        "Conditions can only be boolean operations on parameters and other conditions: " + node);
  }

  private JsonNode function(String name, JsonNode arg) {
    switch (name) {
      case "Ref":
        if (!arg.isTextual()) {
          throw ApiErrors.format("Ref must name a parameter or resource: " + arg);
        }
        return arg.asText().equals("AWS::NoValue")
            ? MissingNode.getInstance()
            : scope.ref(arg.asText());
      case "Fn::GetAtt":
        return getAtt(arg);
      case "Fn::If":
        requireList(name, arg, 3, 3);
        return scope.condition(arg.get(0).asText()) ? resolve(arg.get(1)) : resolve(arg.get(2));
      case "Fn::Equals":
      case "Fn::Not":
      case "Fn::And":
      case "Fn::Or":
        return BooleanNode.valueOf(condition(NODES.objectNode().set(name, arg)));
      case "Fn::Join":
        return join(arg);
      case "Fn::Select":
        return select(arg);
      case "Fn::Split":
        return split(arg);
      case "Fn::Sub":
        return sub(arg);
      case "Fn::Base64":
        String plain = text(resolve(arg));
        return Unknowns.in(plain)
            ? TextNode.valueOf(plain)
            : TextNode.valueOf(
                Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
      case "Fn::FindInMap":
        return findInMap(arg);
      case "Fn::GetAZs":
        ArrayNode azs = NODES.arrayNode();
        scope.availabilityZones().forEach(azs::add);
        return azs;
      default:
        if (NOT_MODELED.contains(name)) {
          throw ApiErrors.validation(name + " is not modeled by the in-memory CloudFormation");
        }
        throw ApiErrors.format(
            "Encountered unsupported function: " + name + " Supported functions are: " + SUPPORTED);
    }
  }

  private JsonNode getAtt(JsonNode arg) {
    if (arg.isTextual() && arg.asText().contains(".")) {
      String s = arg.asText();
      int dot = s.indexOf('.');
      return scope.getAtt(s.substring(0, dot), s.substring(dot + 1));
    }
    if (arg.isArray() && arg.size() == 2) {
      return scope.getAtt(arg.get(0).asText(), text(resolve(arg.get(1))));
    }
    throw ApiErrors.template("Fn::GetAtt requires a resource name and an attribute name: " + arg);
  }

  private JsonNode join(JsonNode arg) {
    requireList("Fn::Join", arg, 2, 2);
    String delimiter = arg.get(0).asText();
    JsonNode list = resolve(arg.get(1));
    if (list.isTextual() && Unknowns.in(list.asText())) {
      return list;
    }
    if (!list.isArray()) {
      throw ApiErrors.template(
          "every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of"
              + " strings to be joined or a function that returns a list of strings (such as Fn::GetAZs)"
              + " to be joined.");
    }
    List<String> parts = new ArrayList<>();
    list.forEach(e -> parts.add(text(e)));
    return TextNode.valueOf(String.join(delimiter, parts));
  }

  private JsonNode select(JsonNode arg) {
    requireList("Fn::Select", arg, 2, 2);
    String index = text(resolve(arg.get(0)));
    JsonNode list = resolve(arg.get(1));
    if (list.isTextual() && Unknowns.in(list.asText())) {
      return list;
    }
    int i;
    try {
      i = Integer.parseInt(index);
    } catch (NumberFormatException e) {
      throw ApiErrors.template("Fn::Select requires a numeric index, not " + index);
    }
    if (!list.isArray() || i < 0 || i >= list.size()) {
      throw ApiErrors.template("Fn::Select cannot select nonexistent value at index " + i);
    }
    return list.get(i);
  }

  private JsonNode split(JsonNode arg) {
    requireList("Fn::Split", arg, 2, 2);
    String delimiter = arg.get(0).asText();
    String source = text(resolve(arg.get(1)));
    ArrayNode out = NODES.arrayNode();
    for (String part : source.split(Pattern.quote(delimiter), -1)) {
      out.add(part);
    }
    return out;
  }

  private JsonNode sub(JsonNode arg) {
    String source;
    Map<String, JsonNode> variables = new HashMap<>();
    if (arg.isTextual()) {
      source = arg.asText();
    } else if (arg.isArray()
        && arg.size() == 2
        && arg.get(0).isTextual()
        && arg.get(1).isObject()) {
      source = arg.get(0).asText();
      arg.get(1).properties().forEach(e -> variables.put(e.getKey(), resolve(e.getValue())));
    } else {
      throw ApiErrors.template(
          "One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string"
              + " as first argument, and an optional second argument to specify a mapping of values to"
              + " replace in the string");
    }
    Matcher m = SUB_VARIABLE.matcher(source);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value;
      if (name.startsWith("!")) {
        value = "${" + name.substring(1) + "}";
      } else if (variables.containsKey(name)) {
        value = text(variables.get(name));
      } else if (name.contains(".")) {
        int dot = name.indexOf('.');
        value = text(scope.getAtt(name.substring(0, dot), name.substring(dot + 1)));
      } else {
        value = text(scope.ref(name));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return TextNode.valueOf(out.toString());
  }

  private JsonNode findInMap(JsonNode arg) {
    requireList("Fn::FindInMap", arg, 3, 3);
    String map = text(resolve(arg.get(0)));
    String top = text(resolve(arg.get(1)));
    String second = text(resolve(arg.get(2)));
    JsonNode value = mappings.path(map).path(top).get(second);
    if (value == null) {
      throw ApiErrors.template("Unable to get mapping for " + map + "::" + top + "::" + second);
    }
    return value;
  }

  private static void requireList(String function, JsonNode arg, int min, int max) {
    if (!arg.isArray() || arg.size() < min || arg.size() > max) {
      throw ApiErrors.template(
          function + " takes " + (min == max ? min : min + " to " + max) + " arguments: " + arg);
    }
  }

  /** A scalar as CloudFormation sees it: every value is a string. */
  static String text(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      throw ApiErrors.template("AWS::NoValue cannot be used where a string is expected");
    }
    if (node.isValueNode()) {
      return node.asText();
    }
    throw ApiErrors.template("a string was expected, not " + node);
  }
}
