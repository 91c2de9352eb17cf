package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a piece of template refers to: Ref targets and Fn::Sub variables ({@link #refs}),
 * Fn::GetAtt targets as {@code Id.Attribute} ({@link #getAtts}) and conditions ({@link
 * #conditions}). Given condition values, Fn::If is pruned to the branch taken, which is how
 * CloudFormation decides what a resource depends on.
 */
final class References {
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  final Set<String> refs = new LinkedHashSet<>();
  final Set<String> getAtts = new LinkedHashSet<>();
  final Set<String> conditions = new LinkedHashSet<>();
  private final Predicate<String> conditionValue;

  private References(Predicate<String> conditionValue) {
    this.conditionValue = conditionValue;
  }

  /** Every reference, both branches of every Fn::If. */
  static References all(JsonNode node) {
    References r = new References(null);
    r.walk(node);
    return r;
  }

  /** The references left once each Fn::If has taken the branch its condition selects. */
  static References taken(JsonNode node, Predicate<String> conditionValue) {
    References r = new References(conditionValue);
    r.walk(node);
    return r;
  }

  /** Logical ids among the references that name one of {@code resources}. */
  Set<String> resources(Set<String> resources) {
    Set<String> out = new LinkedHashSet<>();
    for (String ref : refs) {
      if (resources.contains(ref)) {
        out.add(ref);
      }
    }
    for (String att : getAtts) {
      String id = att.substring(0, att.indexOf('.'));
      if (resources.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  private void walk(JsonNode node) {
    if (node == null) {
      return;
    }
    if (node.isObject() && node.size() == 1) {
      Map.Entry<String, JsonNode> f = node.properties().iterator().next();
      if (function(f.getKey(), f.getValue())) {
        return;
      }
    }
    node.forEach(this::walk);
  }

  /** True when the function was handled (its arguments walked as needed). */
  private boolean function(String name, JsonNode arg) {
    switch (name) {
      case "Ref":
        if (arg.isTextual()) {
          refs.add(arg.asText());
        }
        return true;
      case "Fn::GetAtt":
        if (arg.isTextual() && arg.asText().contains(".")) {
          getAtts.add(arg.asText());
        } else if (arg.isArray() && arg.size() == 2) {
          getAtts.add(
              arg.get(0).asText() + "." + (arg.get(1).isTextual() ? arg.get(1).asText() : "*"));
          walk(arg.get(1));
        }
        return true;
      case "Fn::Sub":
        JsonNode source = arg.isArray() ? arg.get(0) : arg;
        Set<String> local = new LinkedHashSet<>();
        if (arg.isArray() && arg.size() == 2) {
          arg.get(1).fieldNames().forEachRemaining(local::add);
          walk(arg.get(1));
        }
        if (source != null && source.isTextual()) {
          subVariables(source.asText(), local);
        }
        return true;
      case "Fn::If":
        if (arg.isArray() && arg.size() == 3) {
          String condition = arg.get(0).asText();
          conditions.add(condition);
          if (conditionValue == null) {
            walk(arg.get(1));
            walk(arg.get(2));
          } else {
            walk(conditionValue.test(condition) ? arg.get(1) : arg.get(2));
          }
          return true;
        }
        return false;
      case "Condition":
        if (arg.isTextual()) {
          conditions.add(arg.asText());
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  private void subVariables(String text, Set<String> local) {
    Matcher m = SUB_VARIABLE.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      if (name.startsWith("!") || local.contains(name)) {
        continue;
      }
      if (name.contains(".")) {
        getAtts.add(name);
      } else {
        refs.add(name);
      }
    }
  }
}
