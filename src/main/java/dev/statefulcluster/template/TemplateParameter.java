package dev.statefulcluster.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A template parameter. {@code allowedValues}, {@code allowedPattern} may be empty/null. */
public record TemplateParameter(
    String type,
    String description,
    String defaultValue,
    List<String> allowedValues,
    String allowedPattern,
    String constraintDescription) {

  public TemplateParameter {
    allowedValues = List.copyOf(allowedValues);
    if (allowedPattern != null && defaultValue != null && !defaultValue.matches(allowedPattern)) {
      throw new IllegalArgumentException(
          "default '" + defaultValue + "' does not match " + allowedPattern);
    }
    if (!allowedValues.isEmpty() && defaultValue != null && !allowedValues.contains(defaultValue)) {
      throw new IllegalArgumentException("default '" + defaultValue + "' is not allowed");
    }
  }

  public static TemplateParameter string(String description, String defaultValue) {
    return new TemplateParameter("String", description, defaultValue, List.of(), null, null);
  }

  public TemplateParameter withPattern(String pattern, String constraint) {
    return new TemplateParameter(
        type, description, defaultValue, allowedValues, pattern, constraint);
  }

  public TemplateParameter withAllowedValues(List<String> values) {
    return new TemplateParameter(
        type, description, defaultValue, values, allowedPattern, constraintDescription);
  }

  Map<String, Object> render() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Type", type);
    if (description != null) {
      out.put("Description", description);
    }
    if (defaultValue != null) {
      out.put("Default", defaultValue);
    }
    if (!allowedValues.isEmpty()) {
      out.put("AllowedValues", allowedValues);
    }
    if (allowedPattern != null) {
      out.put("AllowedPattern", allowedPattern);
    }
    if (constraintDescription != null) {
      out.put("ConstraintDescription", constraintDescription);
    }
    return out;
  }
}
