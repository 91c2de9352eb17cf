package dev.statefulcluster.spec;

import dev.statefulcluster.spec.SourceNode.Entry;
import dev.statefulcluster.spec.SourceNode.MapNode;
import dev.statefulcluster.spec.SourceNode.Scalar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code tags}, applied to every resource. AWS's tag rules: keys 1–128 characters, values up
 * to 256, letters, digits, spaces and {@code _.:/=+-@}; no {@code aws:} prefix; at most 50 tags per
 * resource, of which this tool uses {@link #RESERVED_COUNT}. Keys are compared ignoring letter
 * case: the nodes' IAM role carries the same tags, and IAM refuses two keys that differ only in
 * case ("Duplicate tag keys found"), which would fail the deploy half-way.
 */
final class TagsReader {
  static final String RESERVED_PREFIX = TagRules.RESERVED_PREFIX;
  static final int RESERVED_COUNT = 3;
  static final int MAX_USER_TAGS = 50 - RESERVED_COUNT;

  private TagsReader() {}

  static Map<String, String> read(MapReader top) {
    Map<String, String> tags = new LinkedHashMap<>();
    Optional<SourceNode> node = top.node("tags");
    if (node.isEmpty()) {
      return tags;
    }
    Problems problems = top.problems();
    if (!(node.get() instanceof MapNode map)) {
      problems.add(
          node.get().line(), "tags", "expected key: value pairs, found " + node.get().describe());
      return tags;
    }
    Map<String, String> folded = new HashMap<>();
    for (Map.Entry<String, Entry> e : map.entries().entrySet()) {
      String key = e.getKey();
      String path = "tags." + key;
      int line = e.getValue().keyLine();
      top.lines().put(path, line);
      SourceNode value = e.getValue().value();
      String text = value instanceof Scalar s && s.kind() != Scalar.Kind.NULL ? s.text() : null;
      String notText = value instanceof Scalar s ? YamlVersions.textProblem(s) : null;
      if (text == null) {
        problems.add(line, path, "expected a text value, found " + value.describe());
      } else if (notText != null) {
        problems.add(line, path, notText);
      } else if (e.getValue().plainKey() && YamlVersions.plainKeyProblem(key) != null) {
        problems.add(line, path, YamlVersions.plainKeyProblem(key));
      } else if (TagRules.keyProblem(key) != null) {
        problems.add(line, path, TagRules.keyProblem(key));
      } else if (lower(key).startsWith(RESERVED_PREFIX) || lower(key).equals("name")) {
        problems.add(
            line,
            path,
            "'"
                + key
                + "' is, but for letter case, a key stateful-cluster"
                + " sets itself; IAM tag keys ignore case, so the nodes' role could not be created;"
                + " choose another key");
      } else if (folded.containsKey(lower(key))) {
        String first = folded.get(lower(key));
        problems.add(
            line,
            path,
            "'"
                + key
                + "' and '"
                + first
                + "' (line "
                + map.entries().get(first).keyLine()
                + ") differ only in letter case; IAM tag keys"
                + " ignore case, so the nodes' role could not be created; keep one");
      } else if (TagRules.valueProblem(text) != null) {
        problems.add(line, path, TagRules.valueProblem(text));
      } else {
        tags.put(key, text);
      }
      folded.putIfAbsent(lower(key), key);
    }
    if (map.entries().size() > MAX_USER_TAGS) {
      problems.add(
          node.get().line(),
          "tags",
          map.entries().size()
              + " tags; AWS allows 50 per"
              + " resource and stateful-cluster uses "
              + RESERVED_COUNT
              + ", so at most "
              + MAX_USER_TAGS);
    }
    return tags;
  }

  private static String lower(String key) {
    return key.toLowerCase(Locale.ROOT);
  }
}
