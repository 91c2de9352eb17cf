package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statefulcluster.cloud.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an AWS::CloudFormation::Stack resource's properties make of its stack: the template read
 * from TemplateURL (the model's S3, with the account's access), checked as CreateChangeSet checks a
 * top-level one (same quotas: 1 MB from S3, 500 resources, 200 parameters and outputs), and its
 * parameter values. Each nested stack is a stack of its own for every quota.
 */
final class NestedTemplates {
  private final StackEngine engine;
  private final SimS3 s3;

  NestedTemplates(StackEngine engine, SimS3 s3) {
    this.engine = engine;
    this.s3 = s3;
  }

  /**
   * The child's template with its parameter values; {@code previous} are the child's current values
   * (null for a creation). CloudFormation errors come as {@link
   * dev.statefulcluster.cloud.CloudException}.
   */
  TemplateInstance load(
      ObjectNode properties,
      Map<String, String> previous,
      Set<String> capabilities,
      StackIdentity child) {
    String url = Props.text(properties, "TemplateURL");
    String body = s3.read(url);
    if (body.getBytes(StandardCharsets.UTF_8).length > ChangeSetStore.MAX_URL_BYTES) {
      throw ApiErrors.validation(
          "Template may not exceed " + ChangeSetStore.MAX_URL_BYTES + " bytes in size.");
    }
    ParsedTemplate t = TemplateParser.parse(body);
    TemplateValidator.validate(t, engine.providers);
    ChangeSetStore.capabilities(t, capabilities);
    return evaluate(t, properties, previous, child);
  }

  /** The template {@code t} with the parameter values the Parameters property gives now. */
  TemplateInstance evaluate(
      ParsedTemplate t, ObjectNode properties, Map<String, String> previous, StackIdentity child) {
    Map<String, String> values =
        ParameterValues.resolve(t, parameters(properties), previous, engine.ec2::exists);
    return TemplateInstance.evaluate(t, values, child);
  }

  /**
   * The Parameters property as the parameter values CloudFormation passes: strings as they are,
   * numbers and booleans as text, lists joined by commas (a CommaDelimitedList or List type).
   */
  static List<Parameter> parameters(ObjectNode properties) {
    List<Parameter> out = new ArrayList<>();
    JsonNode given = properties.path("Parameters");
    for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(Parameter.of(e.getKey(), value(e.getValue())));
    }
    return out;
  }

  private static String value(JsonNode v) {
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(p -> parts.add(p.asText()));
      return String.join(",", parts);
    }
    return v.asText();
  }

  /** A nested stack carries its parent's stack tags and its own Tags property. */
  static Map<String, String> tags(Map<String, String> parentTags, ObjectNode properties) {
    Map<String, String> out = new LinkedHashMap<>(parentTags);
    out.putAll(Props.tags(properties));
    return out;
  }
}
