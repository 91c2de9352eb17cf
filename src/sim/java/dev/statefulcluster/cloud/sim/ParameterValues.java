package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the parameters given to CreateChangeSet into the values the stack will have, as
 * CloudFormation does: a parameter not given takes its Default (not its previous value; that needs
 * UsePreviousValue), and every value must satisfy its constraints.
 */
final class ParameterValues {
  static final int MAX_VALUE_BYTES = 4096;

  private ParameterValues() {}

  /**
   * @param previous the stack's current values, or null when the stack has none yet
   * @param exists answers whether an AWS-specific parameter value (type, id) exists
   */
  static Map<String, String> resolve(
      ParsedTemplate t,
      List<Parameter> given,
      Map<String, String> previous,
      BiPredicate<String, String> exists) {
    Map<String, Parameter> byKey = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (Parameter p : given) {
      if (!t.parameters().containsKey(p.key())) {
        unknown.add(p.key());
      }
      byKey.put(p.key(), p);
    }
    if (!unknown.isEmpty()) {
      throw ApiErrors.validation("Parameters: " + unknown + " do not exist in the template");
    }
    Map<String, String> values = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (ParameterDecl decl : t.parameters().values()) {
      Parameter p = byKey.get(decl.name());
      String value;
      if (p != null && p.usePreviousValue()) {
        if (previous == null || !previous.containsKey(decl.name())) {
          throw ApiErrors.validation(
              "Invalid input for parameter key "
                  + decl.name()
                  + ". Cannot specify usePreviousValue as true for a parameter key not in the previous template");
        }
        value = previous.get(decl.name());
      } else if (p != null && p.value() != null) {
        value = p.value();
      } else {
        value = decl.defaultValue();
      }
      if (value == null) {
        missing.add(decl.name());
      } else {
        values.put(decl.name(), value);
      }
    }
    if (!missing.isEmpty()) {
      throw ApiErrors.validation("Parameters: " + missing + " must have values");
    }
    values.forEach((name, value) -> check(t.parameters().get(name), value, exists));
    return values;
  }

  private static void check(ParameterDecl d, String value, BiPredicate<String, String> exists) {
    if (Unknowns.in(value)) {
      return; // a nested change set's value known only at execution, checked then
    }
    String name = "Parameter '" + d.name() + "'";
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
      throw ApiErrors.validation(
          name + " value exceeds the maximum of " + MAX_VALUE_BYTES + " bytes");
    }
    List<String> items = d.isList() ? List.of(value.split(",", -1)) : List.of(value);
    for (String item : items) {
      String problem = problem(d, item);
      if (problem != null) {
        throw ApiErrors.validation(
            d.constraintDescription() != null
                ? name + " failed to satisfy constraint: " + d.constraintDescription()
                : name + " " + problem);
      }
      String awsType = d.type().replaceAll("^List<(.*)>$", "$1");
      if (awsType.startsWith("AWS::") && !item.isEmpty() && !exists.test(awsType, item)) {
        throw ApiErrors.validation(
            "Parameter validation failed: parameter value "
                + item
                + " for parameter name "
                + d.name()
                + " does not exist");
      }
    }
  }

  private static String problem(ParameterDecl d, String value) {
    if (d.isNumber()) {
      double n;
      try {
        n = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        return "must be a number";
      }
      if (d.minValue() != null && n < d.minValue()) {
        return "must be a number not less than " + number(d.minValue());
      }
      if (d.maxValue() != null && n > d.maxValue()) {
        return "must be a number not greater than " + number(d.maxValue());
      }
    } else {
      if (d.minLength() != null && value.length() < d.minLength()) {
        return "must contain at least " + d.minLength() + " characters";
      }
      if (d.maxLength() != null && value.length() > d.maxLength()) {
        return "cannot exceed " + d.maxLength() + " characters";
      }
      if (d.allowedPattern() != null && !matches(d.allowedPattern(), value)) {
        return "must match pattern " + d.allowedPattern();
      }
    }
    if (d.allowedValues() != null && !d.allowedValues().contains(value)) {
      return "must be one of AllowedValues";
    }
    return null;
  }

  private static boolean matches(String pattern, String value) {
    try {
      return Pattern.compile(pattern).matcher(value).matches();
    } catch (PatternSyntaxException e) {
      throw ApiErrors.format("AllowedPattern " + pattern + " is not a valid regular expression");
    }
  }

  private static String number(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
