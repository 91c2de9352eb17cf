package dev.statefulcluster.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as read, every node carrying the line it starts on, so that a validation error
 * can point at the line a user has to change.
 */
public sealed interface SourceNode {
  int line();

  /** What the node is, as a user would say it: "a list", "a mapping", "the number 3"… */
  String describe();

  /** The node as it appears in a message about its value: 70000, '9000-8000', a list. */
  default String shown() {
    if (this instanceof Scalar s) {
      return switch (s.kind()) {
        case STRING -> "'" + s.text() + "'";
        case NULL -> "an empty value";
        default -> s.text();
      };
    }
    return describe();
  }

  record MapNode(int line, Map<String, Entry> entries) implements SourceNode {
    public MapNode {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /**
   * A key with the line the key itself is on, and its value; {@code plainKey}: the key is written
   * without quotes, so YAML may read it as a boolean or a number, not as its text.
   */
  record Entry(int keyLine, SourceNode value, boolean plainKey) {}

  record ListNode(int line, List<SourceNode> items) implements SourceNode {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A scalar with its text as written and what YAML made of it. {@code kind} tells a quoted "3"
   * (STRING) from a plain 3 (INTEGER), so that a port written as a string is still caught; {@code
   * value} is what the parser resolved a BOOLEAN (a {@link Boolean}) or an INTEGER (a {@link
   * Number}) to, null for other kinds. Readers take a value from there, never by parsing the text
   * again: YAML 1.1 reads {@code yes} as true and {@code 0100} as 64.
   */
  record Scalar(int line, String text, Kind kind, Object value) implements SourceNode {
    public enum Kind {
      STRING,
      INTEGER,
      DECIMAL,
      BOOLEAN,
      NULL
    }

    @Override
    public String describe() {
      return switch (kind) {
        case STRING -> "the text '" + text + "'";
        case INTEGER, DECIMAL -> "the number " + text;
        case BOOLEAN -> text;
        case NULL -> "nothing";
      };
    }
  }
}
