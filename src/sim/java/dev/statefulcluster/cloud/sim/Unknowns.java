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
