package dev.statefulcluster.spec;

import dev.statefulcluster.spec.SourceNode.Entry;
import dev.statefulcluster.spec.SourceNode.MapNode;
import dev.statefulcluster.spec.SourceNode.Scalar;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the fields of one YAML mapping, reporting every wrong or unknown field to {@link Problems}
 * rather than stopping at the first. Reads return null for a missing or wrong value so that the
 * caller goes on and finds the next problem.
 */
final class MapReader {
  private final MapNode map;
  private final String path;
  private final int line;
  private final Problems problems;
  private final Map<String, Integer> lines;
  private final Set<String> known = new LinkedHashSet<>();

  private MapReader(
      MapNode map, String path, int line, Problems problems, Map<String, Integer> lines) {
    this.map = map;
    this.path = path;
    this.line = line;
    this.problems = problems;
    this.lines = lines;
  }

  /** A reader over {@code node}; when it is not a mapping, one problem says so. */
  static MapReader of(
      SourceNode node, String path, String what, Problems problems, Map<String, Integer> lines) {
    lines.putIfAbsent(path, node.line());
    if (node instanceof MapNode m) {
      return new MapReader(m, path, node.line(), problems, lines);
    }
    problems.add(
        node.line(), path, "expected " + what + " (a mapping of fields), found " + node.describe());
    return new MapReader(new MapNode(node.line(), Map.of()), path, node.line(), problems, lines);
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  int line() {
    return line;
  }

  Problems problems() {
    return problems;
  }

  Map<String, Integer> lines() {
    return lines;
  }

  /** The node of {@code key} if present and not null; records the key as known. */
  Optional<SourceNode> node(String key) {
    known.add(key);
    Entry entry = map.entries().get(key);
    if (entry == null) {
      return Optional.empty();
    }
    lines.put(path(key), entry.keyLine());
    if (entry.value() instanceof Scalar s && s.kind() == Scalar.Kind.NULL) {
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  /**
   * Reports a missing required field, with what to write there: at the key's own line when it is
   * written with nothing after it ("name:"), else at this mapping's.
   */
  void missing(String key, String hint) {
    Entry entry = map.entries().get(key);
    if (entry != null) {
      problems.add(entry.keyLine(), path(key), "is empty but required; " + hint);
    } else {
      problems.add(ownLine(), path(key), "is required; " + hint);
    }
  }

  /** The line of this mapping's own key ("volume:"), where a missing field belongs. */
  private int ownLine() {
    return lines.getOrDefault(path, line);
  }

  /** A text field. Numbers and booleans are refused: "8" and 8 must not mean different things. */
  String text(String key, boolean required, String hint) {
    Optional<SourceNode> node = node(key);
    if (node.isEmpty()) {
      if (required) {
        missing(key, hint);
      }
      return null;
    }
    if (node.get() instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
      String control = controlCharacter(s.text());
      if (control != null) {
        problems.add(s.line(), path(key), control);
        return null;
      }
      return s.text();
    }
    problems.add(
        node.get().line(),
        path(key),
        "expected text, found " + node.get().describe() + "; " + hint);
    return null;
  }

  /**
   * Why {@code text} cannot be a value, or null: a control character other than a tab or a line
   * break, written as an escape in double quotes ({@code "\0"}), would reach the node's shell or a
   * terminal as it is (dash runs what follows a NUL in a script).
   */
  static String controlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Visible.isControl(c) && c != '\t' && c != '\n') {
        return "holds the control character "
            + Visible.escape(c)
            + " at character "
            + (i + 1)
            + "; write the value without it (tabs and line breaks are the only ones a value may"
            + " hold)";
      }
    }
    return null;
  }

  /** A text field that must have the shape of an AWS id or name. */
  String id(String key, boolean required, Ids kind) {
    String value = text(key, required, "write " + kindHint(kind));
    if (value != null && !kind.matches(value)) {
      problems.add(lineOf(key), path(key), kind.complaint(value));
      return null;
    }
    return value;
  }

  private static String kindHint(Ids kind) {
    return kind.complaint("x").replaceFirst("^'x' is not ", "").replaceFirst("\\(expected ", "(");
  }

  Integer integer(String key, boolean required, int min, int max, String hint) {
    Optional<SourceNode> node = node(key);
    if (node.isEmpty()) {
      if (required) {
        missing(key, hint);
      }
      return null;
    }
    if (node.get() instanceof Scalar s && s.kind() == Scalar.Kind.INTEGER) {
      String problem = YamlVersions.integerProblem(s);
      if (problem != null) {
        problems.add(s.line(), path(key), problem);
        return null;
      }
      try {
        long v = Long.parseLong(s.text());
        if (v >= min && v <= max) {
          return (int) v;
        }
      } catch (NumberFormatException e) {
        // falls through to the range message
      }
      problems.add(s.line(), path(key), s.text() + " is out of range; " + hint);
      return null;
    }
    problems.add(
        node.get().line(),
        path(key),
        "expected a whole number, found " + node.get().describe() + "; " + hint);
    return null;
  }

  Boolean bool(String key) {
    Optional<SourceNode> node = node(key);
    if (node.isEmpty()) {
      return null;
    }
    if (node.get() instanceof Scalar s && s.kind() == Scalar.Kind.BOOLEAN) {
      String problem = YamlVersions.booleanProblem(s);
      if (problem != null) {
        problems.add(s.line(), path(key), problem);
        return null;
      }
      return (Boolean) s.value();
    }
    problems.add(
        node.get().line(), path(key), "expected true or false, found " + node.get().describe());
    return null;
  }

  /** The line of {@code key}, or of this mapping's own key when {@code key} is not there. */
  int lineOf(String key) {
    Entry entry = map.entries().get(key);
    return entry == null ? ownLine() : entry.keyLine();
  }

  /** Reports every field not read, suggesting the known field it most resembles. */
  void finish() {
    for (Map.Entry<String, Entry> e : map.entries().entrySet()) {
      if (!known.contains(e.getKey())) {
        String suggestion = Suggestions.closest(e.getKey(), List.copyOf(known));
        problems.add(
            e.getValue().keyLine(),
            path(e.getKey()),
            "unknown field"
                + (suggestion != null
                    ? "; did you mean '" + suggestion + "'?"
                    : "; known fields here: " + String.join(", ", known)));
      }
    }
  }
}
