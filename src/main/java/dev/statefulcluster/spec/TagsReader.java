package dev.statefulcluster.spec;

import dev.statefulcluster.spec.SourceNode.Entry;
import dev.statefulcluster.spec.SourceNode.MapNode;
import dev.statefulcluster.spec.SourceNode.Scalar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code tags}, applied to every resource. AWS's tag rules: keys 1–128 characters, values
 * up to 256, letters, digits, spaces and {@code _.:/=+-@}; no {@code aws:} prefix; at most 50 tags
 * per resource, of which this tool uses {@link #RESERVED_COUNT}.
 */
final class TagsReader {
  static final String RESERVED_PREFIX = "stateful-cluster:";
  static final int RESERVED_COUNT = 3;
  static final int MAX_USER_TAGS = 50 - RESERVED_COUNT;
  private static final Pattern CHARS = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$");

  private TagsReader() {}

  static Map<String, String> read(MapReader top) {
    Map<String, String> tags = new LinkedHashMap<>();
    Optional<SourceNode> node = top.node("tags");
    if (node.isEmpty()) {
      return tags;
    }
    Problems problems = top.problems();
    if (!(node.get() instanceof MapNode map)) {
      problems.add(node.get().line(), "tags", "expected key: value pairs, found "
          + node.get().describe());
      return tags;
    }
    for (Map.Entry<String, Entry> e : map.entries().entrySet()) {
      String key = e.getKey();
      String path = "tags." + key;
      int line = e.getValue().keyLine();
      top.lines().put(path, line);
      SourceNode value = e.getValue().value();
      String text = value instanceof Scalar s && s.kind() != Scalar.Kind.NULL ? s.text() : null;
      if (text == null) {
        problems.add(line, path, "expected a text value, found " + value.describe());
      } else if (key.isEmpty() || key.length() > 128 || !CHARS.matcher(key).matches()) {
        problems.add(line, path, "tag keys are 1-128 letters, digits, spaces and _.:/=+-@");
      } else if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
        problems.add(line, path, "tag keys starting with aws: are reserved by AWS");
      } else if (key.startsWith(RESERVED_PREFIX) || key.equals("Name")) {
        problems.add(line, path, "'" + key + "' is set by stateful-cluster itself; choose"
            + " another key");
      } else if (text.length() > 256 || !CHARS.matcher(text).matches()) {
        problems.add(line, path, "tag values are up to 256 letters, digits, spaces and"
            + " _.:/=+-@");
      } else {
        tags.put(key, text);
      }
    }
    if (map.entries().size() > MAX_USER_TAGS) {
      problems.add(node.get().line(), "tags", map.entries().size() + " tags; AWS allows 50 per"
          + " resource and stateful-cluster uses " + RESERVED_COUNT + ", so at most "
          + MAX_USER_TAGS);
    }
    return tags;
  }
}
