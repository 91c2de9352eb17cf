package dev.statefulcluster.spec;

/**
 * Text as it may reach a terminal: every control character written as its YAML escape ({@code \e},
 * {@code \a}, {@code \x9B}…), so that a message quoting a value from a file or the command line
 * cannot move the cursor, set the window's title or ring, and still says what the value holds.
 */
public final class Visible {
  private Visible() {}

  /** {@code text} with every control character escaped, line breaks too: one line. */
  public static String line(String text) {
    return escape(text, false);
  }

  /** {@code text} with every control character but the line break escaped. */
  public static String lines(String text) {
    return escape(text, true);
  }

  /** Whether {@code c} is a C0 or C1 control character, DEL, or a Unicode line separator. */
  public static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
  }

  /** The YAML escape of the control character {@code c}. */
  public static String escape(char c) {
    return switch (c) {
      case 0 -> "\\0";
      case 7 -> "\\a";
      case '\b' -> "\\b";
      case '\t' -> "\\t";
      case '\n' -> "\\n";
      case 11 -> "\\v";
      case '\f' -> "\\f";
      case '\r' -> "\\r";
      case 27 -> "\\e";
      case '\u2028' -> "\\u2028";
      case '\u2029' -> "\\u2029";
      default -> String.format("\\x%02X", (int) c);
    };
  }

  private static String escape(String text, boolean keepLineBreaks) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean escaped = isControl(c) && !(keepLineBreaks && c == '\n');
      if (escaped && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (escaped) {
          out.append(escape(c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
