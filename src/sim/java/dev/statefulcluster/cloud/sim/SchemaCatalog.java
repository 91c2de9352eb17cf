package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS's resource provider schemas (copied under {@code schemas/}, MIT-0): which properties exist,
 * which are required, and which force replacement ({@code createOnlyProperties}, or may force it:
 * {@code conditionalCreateOnlyProperties}). Property names are top-level: a nested create-only path
 * such as {@code /properties/NetworkInterfaces/0/SubnetId} counts for {@code NetworkInterfaces}.
 */
final class SchemaCatalog {

  /** What the model reads from one schema. */
  record Schema(
      String type,
      Set<String> properties,
      Set<String> required,
      Set<String> createOnly,
      Set<String> conditionalCreateOnly,
      Set<String> readOnly,
      boolean additionalProperties) {}

  private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

  private SchemaCatalog() {}

  /** The schema of {@code type}; an error when the model ships none for it. */
  static Schema of(String type) {
    return CACHE.computeIfAbsent(type, SchemaCatalog::load);
  }

  private static Schema load(String type) {
    String file = "schemas/" + type.toLowerCase(Locale.ROOT).replace("::", "-") + ".json";
    try (InputStream in = SchemaCatalog.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("no resource schema for " + type + " at " + file);
      }
      JsonNode s = TemplateParser.JSON.readTree(in);
      Set<String> properties = new LinkedHashSet<>();
      s.path("properties").fieldNames().forEachRemaining(properties::add);
      Set<String> required = new LinkedHashSet<>();
      s.path("required").forEach(r -> required.add(r.asText()));
      return new Schema(
          type,
          Set.copyOf(properties),
          Set.copyOf(required),
          names(s.path("createOnlyProperties")),
          names(s.path("conditionalCreateOnlyProperties")),
          names(s.path("readOnlyProperties")),
          s.path("additionalProperties").asBoolean(true));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the resource schema of " + type, e);
    }
  }

  private static Set<String> names(JsonNode pointers) {
    Set<String> out = new LinkedHashSet<>();
    pointers.forEach(
        p -> {
          String[] parts = p.asText().split("/");
          if (parts.length > 2 && parts[1].equals("properties")) {
            out.add(parts[2]);
          }
        });
    return Set.copyOf(out);
  }

  /**
   * The message CloudFormation gives when properties do not fit the schema (a required property
   * missing, one the type does not have), or null when they fit.
   */
  static String violation(String type, String logicalId, JsonNode properties) {
    Schema s = of(type);
    String prefix = "Properties validation failed for resource " + logicalId + " with message: ";
    for (String r : s.required()) {
      if (!properties.has(r)) {
        return prefix + "#: required key [" + r + "] not found";
      }
    }
    if (!s.additionalProperties()) {
      for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!s.properties().contains(name)) {
          return prefix + "#: extraneous key [" + name + "] is not permitted";
        }
      }
    }
    return null;
  }
}
