package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a JSON template body into a {@link ParsedTemplate}, rejecting what CloudFormation rejects.
 */
final class TemplateParser {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final Set<String> SECTIONS =
      Set.of(
          "AWSTemplateFormatVersion",
          "Description",
          "Metadata",
          "Parameters",
          "Mappings",
          "Conditions",
          "Resources",
          "Outputs");
  private static final Set<String> RESOURCE_KEYS =
      Set.of(
          "Type",
          "Properties",
          "DependsOn",
          "Metadata",
          "Condition",
          "CreationPolicy",
          "DeletionPolicy",
          "UpdatePolicy",
          "UpdateReplacePolicy",
          "Description");
  private static final Set<String> DELETION_POLICIES =
      Set.of("Delete", "Retain", "Snapshot", "RetainExceptOnCreate");
  private static final Set<String> PARAMETER_TYPES =
      Set.of("String", "Number", "List<Number>", "CommaDelimitedList");
  private static final Pattern EC2_ID_TYPE =
      Pattern.compile("(List<)?AWS::EC2::[A-Za-z]+::(Id|KeyName)>?");
  private static final Pattern LOGICAL_ID = Pattern.compile("[A-Za-z0-9]{1,255}");

  // CloudFormation quotas [CloudFormation quotas page].
  static final int MAX_RESOURCES = 500;
  static final int MAX_PARAMETERS = 200;
  static final int MAX_OUTPUTS = 200;
  static final int MAX_MAPPINGS = 200;

  /** "Template description: Maximum size of a template description. 1,024 bytes" (quotas). */
  static final int MAX_DESCRIPTION_BYTES = 1024;

  private TemplateParser() {}

  static ParsedTemplate parse(String body) {
    JsonNode root = read(body);
    if (!root.isObject()) {
      throw ApiErrors.format("template must be a JSON object");
    }
    List<String> unknown = new ArrayList<>();
    root.fieldNames()
        .forEachRemaining(
            k -> {
              if (!SECTIONS.contains(k)) {
                unknown.add(k);
              }
            });
    if (root.has("Transform") || root.has("Rules")) {
      throw ApiErrors.validation(
          "The in-memory CloudFormation model does not evaluate Transform or Rules sections;"
              + " remove them from the template");
    }
    if (!unknown.isEmpty()) {
      throw ApiErrors.format("Invalid template property or properties " + unknown);
    }
    JsonNode version = root.get("AWSTemplateFormatVersion");
    if (version != null && !version.asText().equals("2010-09-09")) {
      throw ApiErrors.format(
          "'" + version.asText() + "' is not a supported AWSTemplateFormatVersion value");
    }
    JsonNode description = root.get("Description");
    if (description != null
        && description.asText().getBytes(StandardCharsets.UTF_8).length > MAX_DESCRIPTION_BYTES) {
      throw ApiErrors.format("'Description' length is greater than " + MAX_DESCRIPTION_BYTES + ".");
    }
    ObjectNode mappings = objectSection(root, "Mappings");
    if (mappings.size() > MAX_MAPPINGS) {
      throw ApiErrors.format(
          "Number of mappings, "
              + mappings.size()
              + ", is greater than maximum allowed, "
              + MAX_MAPPINGS);
    }
    return new ParsedTemplate(
        body,
        (ObjectNode) root,
        parameters(objectSection(root, "Parameters")),
        mappings,
        fields(objectSection(root, "Conditions")),
        resources(root),
        outputs(objectSection(root, "Outputs")));
  }

  private static JsonNode read(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null) {
        throw ApiErrors.format("template is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      String hint =
          body.stripLeading().startsWith("{")
              ? ""
              : "; the in-memory model reads JSON templates only";
      throw ApiErrors.format("JSON not well-formed." + where + hint);
    }
  }

  private static ObjectNode objectSection(JsonNode root, String name) {
    JsonNode node = root.get(name);
    if (node == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      throw ApiErrors.format("The " + name + " section must be an object");
    }
    return (ObjectNode) node;
  }

  private static Map<String, JsonNode> fields(ObjectNode node) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static Map<String, ParameterDecl> parameters(ObjectNode section) {
    if (section.size() > MAX_PARAMETERS) {
      throw ApiErrors.format(
          "Number of parameters, "
              + section.size()
              + ", is greater than maximum allowed, "
              + MAX_PARAMETERS);
    }
    Map<String, ParameterDecl> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : section.properties()) {
      JsonNode p = e.getValue();
      String name = e.getKey();
      if (!p.isObject() || !p.path("Type").isTextual()) {
        throw ApiErrors.format(
            "[/Parameters/" + name + "] Every Parameters object must contain a Type member.");
      }
      String type = p.get("Type").asText();
      if (type.startsWith("AWS::SSM::")) {
        throw ApiErrors.validation(
            "Parameter "
                + name
                + ": SSM parameter types are not modeled by the in-memory CloudFormation");
      }
      if (!PARAMETER_TYPES.contains(type) && !EC2_ID_TYPE.matcher(type).matches()) {
        throw ApiErrors.format("Unrecognized parameter type: " + type);
      }
      List<String> allowed = null;
      if (p.has("AllowedValues")) {
        allowed = new ArrayList<>();
        for (JsonNode v : p.get("AllowedValues")) {
          allowed.add(v.asText());
        }
      }
      out.put(
          name,
          new ParameterDecl(
              name,
              type,
              p.has("Default") ? text(p.get("Default")) : null,
              allowed,
              p.has("AllowedPattern") ? p.get("AllowedPattern").asText() : null,
              p.has("MinLength") ? p.get("MinLength").asInt() : null,
              p.has("MaxLength") ? p.get("MaxLength").asInt() : null,
              p.has("MinValue") ? p.get("MinValue").asDouble() : null,
              p.has("MaxValue") ? p.get("MaxValue").asDouble() : null,
              p.path("NoEcho").asText().equalsIgnoreCase("true"),
              p.has("ConstraintDescription") ? p.get("ConstraintDescription").asText() : null));
    }
    return out;
  }

  private static String text(JsonNode node) {
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      node.forEach(n -> parts.add(n.asText()));
      return String.join(",", parts);
    }
    return node.asText();
  }

  private static Map<String, ResourceDecl> resources(JsonNode root) {
    JsonNode section = root.get("Resources");
    if (section == null || !section.isObject() || section.isEmpty()) {
      throw ApiErrors.format("At least one Resources member must be defined.");
    }
    if (section.size() > MAX_RESOURCES) {
      throw ApiErrors.format(
          "Number of resources, "
              + section.size()
              + ", is greater than maximum allowed, "
              + MAX_RESOURCES);
    }
    Map<String, ResourceDecl> out = new LinkedHashMap<>();
    section.properties().forEach(e -> out.put(e.getKey(), resource(e.getKey(), e.getValue())));
    return out;
  }

  private static ResourceDecl resource(String id, JsonNode r) {
    if (!LOGICAL_ID.matcher(id).matches()) {
      throw ApiErrors.format("Resource name " + id + " is non alphanumeric.");
    }
    if (!r.isObject() || !r.path("Type").isTextual()) {
      throw ApiErrors.format(
          "[/Resources/" + id + "] Every Resources object must contain a Type member.");
    }
    r.fieldNames()
        .forEachRemaining(
            k -> {
              if (!RESOURCE_KEYS.contains(k)) {
                throw ApiErrors.format("Invalid template resource property '" + k + "'");
              }
            });
    JsonNode props = r.get("Properties");
    if (props != null && !props.isObject()) {
      throw ApiErrors.format("[/Resources/" + id + "/Properties] must be an object");
    }
    List<String> dependsOn = new ArrayList<>();
    JsonNode d = r.get("DependsOn");
    if (d != null) {
      if (d.isTextual()) {
        dependsOn.add(d.asText());
      } else if (d.isArray()) {
        d.forEach(x -> dependsOn.add(x.asText()));
      } else {
        throw ApiErrors.format("DependsOn of " + id + " must be a string or a list of strings");
      }
    }
    String deletion = policy(id, r, "DeletionPolicy");
    String replace = policy(id, r, "UpdateReplacePolicy");
    if ("RetainExceptOnCreate".equals(replace)) {
      throw ApiErrors.format(
          "Unrecognized UpdateReplacePolicy RetainExceptOnCreate for resource " + id);
    }
    JsonNode condition = r.get("Condition");
    if (condition != null && !condition.isTextual()) {
      throw ApiErrors.format("Condition of " + id + " must be the name of a condition");
    }
    return new ResourceDecl(
        id,
        r.get("Type").asText(),
        props == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) props,
        condition == null ? null : condition.asText(),
        dependsOn,
        r.get("Metadata"),
        r.get("CreationPolicy"),
        deletion,
        replace,
        r.get("UpdatePolicy"));
  }

  private static String policy(String id, JsonNode r, String attribute) {
    JsonNode p = r.get(attribute);
    if (p == null) {
      return null;
    }
    if (!p.isTextual() || !DELETION_POLICIES.contains(p.asText())) {
      throw ApiErrors.format("Unrecognized " + attribute + " " + p + " for resource " + id);
    }
    return p.asText();
  }

  private static Map<String, OutputDecl> outputs(ObjectNode section) {
    if (section.size() > MAX_OUTPUTS) {
      throw ApiErrors.format(
          "Number of outputs, "
              + section.size()
              + ", is greater than maximum allowed, "
              + MAX_OUTPUTS);
    }
    Map<String, OutputDecl> out = new LinkedHashMap<>();
    section
        .properties()
        .forEach(
            e -> {
              JsonNode o = e.getValue();
              if (!o.isObject() || !o.has("Value")) {
                throw ApiErrors.format(
                    "Every Outputs member must contain a Value object (" + e.getKey() + ")");
              }
              JsonNode c = o.get("Condition");
              out.put(
                  e.getKey(),
                  new OutputDecl(e.getKey(), o.get("Value"), c == null ? null : c.asText()));
            });
    return out;
  }
}
