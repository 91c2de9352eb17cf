package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values a change set cannot know before execution: the id or attribute of a resource that the
 * update will create or replace. They travel through the intrinsic functions as marked strings, so
 * that a property depending on one is reported as a Dynamic change caused by that resource.
 */
final class Unknowns {
  private static final String OPEN = "{{sim-unknown:";
  private static final Pattern MARK = Pattern.compile("\\{\\{sim-unknown:([^}]*)}}");

  private Unknowns() {}

  /** Marks an unknown parameter value, caused by the parameter rather than a resource. */
  private static final String PARAMETER = "Parameter:";

  /**
   * How CloudFormation shows a value it will know only when it applies the change set (a nested
   * change set's parameter, a property's after value; cloudformation-coverage-roadmap #2113).
   */
  static final String KNOWN_AFTER_APPLY = "{{changeSet:KNOWN_AFTER_APPLY}}";

  /** The unknown value of parameter {@code name} of a nested stack. */
  static TextNode ofParameter(String name) {
    return of(PARAMETER + name);
  }

  /** The parameter an entity of {@link #entities} names, or null when it names a resource. */
  static String parameter(String entity) {
    return entity.startsWith(PARAMETER) ? entity.substring(PARAMETER.length()) : null;
  }

  /** The unknown value of {@code entity}: a logical id (Ref) or {@code Id.Attribute} (GetAtt). */
  static TextNode of(String entity) {
    return TextNode.valueOf(OPEN + entity + "}}");
  }

  static boolean in(JsonNode node) {
    return node != null && node.toString().contains(OPEN);
  }

  static boolean in(String text) {
    return text.contains(OPEN);
  }

  /** The logical ids and attributes whose unknown values {@code node} contains. */
  static Set<String> entities(JsonNode node) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = MARK.matcher(node.toString());
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
