package dev.statefulcluster.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CloudFormation template: immutable, every section in the order its entries were added. Made
 * with {@link #builder}, which rejects malformed or duplicate logical ids.
 */
public record Template(
    String description,
    Map<String, Object> metadata,
    Map<String, TemplateParameter> parameters,
    Map<String, Object> mappings,
    Map<String, Object> conditions,
    Map<String, Resource> resources,
    Map<String, Output> outputs) {

  public static final Pattern LOGICAL_ID = Pattern.compile("^[A-Za-z0-9]{1,255}$");

  public Template {
    metadata = Plain.copy(metadata);
    parameters = frozen(parameters);
    mappings = Plain.copy(mappings);
    conditions = Plain.copy(conditions);
    resources = frozen(resources);
    outputs = frozen(outputs);
  }

  public static Builder builder(String description) {
    return new Builder(description);
  }

  /** The template as plain ordered data, sections in CloudFormation's documented order. */
  public Map<String, Object> render() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("AWSTemplateFormatVersion", "2010-09-09");
    out.put("Description", description);
    if (!metadata.isEmpty()) {
      out.put("Metadata", metadata);
    }
    if (!parameters.isEmpty()) {
      Map<String, Object> p = new LinkedHashMap<>();
      parameters.forEach((k, v) -> p.put(k, v.render()));
      out.put("Parameters", p);
    }
    if (!mappings.isEmpty()) {
      out.put("Mappings", mappings);
    }
    if (!conditions.isEmpty()) {
      out.put("Conditions", conditions);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    resources.forEach((k, v) -> r.put(k, v.render()));
    out.put("Resources", r);
    if (!outputs.isEmpty()) {
      Map<String, Object> o = new LinkedHashMap<>();
      outputs.forEach((k, v) -> o.put(k, v.render()));
      out.put("Outputs", o);
    }
    return out;
  }

  private static <V> Map<String, V> frozen(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** Collects a template's parts; {@link #build} freezes them. */
  public static final class Builder {
    private final String description;
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final Map<String, TemplateParameter> parameters = new LinkedHashMap<>();
    private final Map<String, Object> mappings = new LinkedHashMap<>();
    private final Map<String, Object> conditions = new LinkedHashMap<>();
    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private final Map<String, Output> outputs = new LinkedHashMap<>();

    private Builder(String description) {
      if (description == null || description.length() > 1024) {
        throw new IllegalArgumentException("a template description is 1 to 1024 characters");
      }
      this.description = description;
    }

    /** A key of the template's own Metadata section: what the tool reads back from a stack. */
    public Builder metadata(String key, Object value) {
      if (key == null || key.isEmpty() || metadata.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException("metadata key '" + key + "' is empty or given twice");
      }
      return this;
    }

    public Builder parameter(String name, TemplateParameter parameter) {
      put(parameters, "parameter", name, parameter);
      return this;
    }

    public Builder mapping(String name, Map<String, Map<String, Object>> value) {
      put(mappings, "mapping", name, value);
      return this;
    }

    public Builder condition(String name, Map<String, Object> expression) {
      put(conditions, "condition", name, expression);
      return this;
    }

    public Builder resource(String logicalId, Resource resource) {
      put(resources, "resource", logicalId, resource);
      return this;
    }

    public Builder output(String name, Output output) {
      put(outputs, "output", name, output);
      return this;
    }

    public Template build() {
      return new Template(
          description, metadata, parameters, mappings, conditions, resources, outputs);
    }

    private static <V> void put(Map<String, V> section, String what, String name, V value) {
      if (name == null || !LOGICAL_ID.matcher(name).matches()) {
        throw new IllegalArgumentException(what + " name '" + name + "' is not alphanumeric");
      }
      if (section.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException(what + " '" + name + "' is defined twice");
      }
    }
  }
}
