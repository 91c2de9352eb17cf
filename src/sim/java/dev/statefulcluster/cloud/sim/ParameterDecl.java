package dev.statefulcluster.cloud.sim;

import java.util.List;

/** One entry of a template's Parameters section, with its constraints. */
record ParameterDecl(
    String name,
    String type,
    String defaultValue,
    List<String> allowedValues,
    String allowedPattern,
    Integer minLength,
    Integer maxLength,
    Double minValue,
    Double maxValue,
    boolean noEcho,
    String constraintDescription) {

  ParameterDecl {
    allowedValues = allowedValues == null ? null : List.copyOf(allowedValues);
  }

  boolean isList() {
    return type.equals("CommaDelimitedList") || type.startsWith("List<");
  }

  boolean isNumber() {
    return type.equals("Number") || type.equals("List<Number>");
  }
}
