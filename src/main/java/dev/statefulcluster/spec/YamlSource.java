package dev.statefulcluster.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.Mark;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import dev.statefulcluster.spec.SourceNode.Entry;
import dev.statefulcluster.spec.SourceNode.ListNode;
import dev.statefulcluster.spec.SourceNode.MapNode;
import dev.statefulcluster.spec.SourceNode.Scalar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML into {@link SourceNode}s with line numbers. Jackson's streaming parser is used rather
 * than its tree model because only the stream carries token locations; duplicate keys, which YAML
 * libraries silently resolve to the last one, are reported.
 */
public final class YamlSource {
  /** A cluster file is a few kilobytes; anything far larger is the wrong file, read no more. */
  static final int MAX_CHARS = 1024 * 1024;

  static final int MAX_DEPTH = 100;
  private static final YAMLFactory FACTORY = factory();
  private static final Pattern ALIAS_EVENT = Pattern.compile("AliasEvent\\(anchor=([^,)]*)");

  private final String file;
  private final String text;
  private final Problems problems;

  /** YAML's own types ({@code !!str}, {@code !!int}…), which the parser resolves as YAML says. */
  private static final String STANDARD_TAG = "tag:yaml.org,2002:";

  /**
   * Aliases and tags found. The parser hands an alias over as the anchor's name in place of the
   * value it stands for, and a tag of its own ({@code !Ref}, or {@code !}, which YAML says makes
   * text) not at all, so each is refused: a file with one would otherwise mean something else than
   * it says, silently.
   */
  private final Problems unresolved;

  private YamlSource(String file, String text, Problems problems) {
    this.file = file;
    this.text = text;
    this.problems = problems;
    this.unresolved = new Problems(file);
  }

  /**
   * Parses {@code text}. A syntax error is fatal for the document: it is thrown as a {@link
   * SpecException} with the parser's line, since nothing after it can be trusted.
   */
  public static SourceNode parse(String file, String text, Problems problems) {
    if (text.length() > MAX_CHARS) {
      throw fatal(file, 0, tooLarge());
    }
    checkCharacters(file, text);
    YamlSource source = new YamlSource(file, text, problems);
    JsonParser parser = null;
    try {
      parser = FACTORY.createParser(text);
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw fatal(
            file,
            1,
            "the file is empty; start from one of the examples/ or run"
                + " 'stateful-cluster schema'");
      }
      SourceNode root = source.read(parser, "");
      if (parser.nextToken() != null) {
        throw fatal(
            file,
            line(parser),
            "the file holds more than one YAML document; keep one" + " cluster per file");
      }
      source.unresolved.throwIfAny();
      return root;
    } catch (MarkedYAMLException e) {
      throw syntaxError(file, e);
    } catch (StreamConstraintsException e) {
      // Thrown without a location: the parser still knows where it stopped.
      int line = parser == null ? 0 : Math.max(parser.currentLocation().getLineNr(), 1);
      throw fatal(
          file,
          line,
          e.getMessage() != null && e.getMessage().contains("nesting depth")
              ? "lists and mappings nest more than "
                  + MAX_DEPTH
                  + " deep here; a cluster file"
                  + " needs a handful of levels"
              : tooLarge());
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : Math.max(e.getLocation().getLineNr(), 1);
      throw fatal(file, line, describe(e.getOriginalMessage()));
    } catch (IOException e) {
      throw fatal(file, 0, "cannot be read: " + e.getMessage());
    } finally {
      if (parser != null) {
        try {
          parser.close();
        } catch (IOException e) {
          // reading a string: nothing to release
        }
      }
    }
  }

  /**
   * Refuses the first character a cluster file may not hold as it is, at its own line and column: a
   * control character (SnakeYAML reports it at no line, so line 1), a non-character such as U+FFFE,
   * and U+0085, U+2028 and U+2029, which YAML 1.1 reads as line breaks and YAML 1.2 as characters.
   * Lines end at LF, CR or CR LF, as YAML's do.
   */
  private static void checkCharacters(String file, String text) {
    int line = 1;
    int column = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        line++;
        column = 0;
        continue;
      }
      column++;
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      String problem = null;
      if (c == '\u0085' || c == '\u2028' || c == '\u2029') {
        problem =
            String.format(
                "holds U+%04X (%s) in column %d, which YAML 1.1 reads as a line break and YAML 1.2"
                    + " as a character; remove it",
                (int) c,
                c == '\u0085'
                    ? "next line"
                    : c == '\u2028' ? "line separator" : "paragraph separator",
                column);
      } else if (c != '\t' && Visible.isControl(c)) {
        problem =
            "holds the control character "
                + Visible.escape(c)
                + " in column "
                + column
                + ", which YAML does not allow in a file; remove it";
      } else if (c == '\uFFFE' || c == '\uFFFF' || Character.isSurrogate(c)) {
        problem =
            String.format(
                "holds U+%04X in column %d, which is not a character; remove it", (int) c, column);
      }
      if (problem != null) {
        throw fatal(file, line, problem);
      }
    }
  }

  private static YAMLFactory factory() {
    // The builder would start from other parser defaults (empty values read as '' not null).
    YAMLFactory factory = new YAMLFactory();
    factory.setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    return factory;
  }

  static String tooLarge() {
    return "is larger than "
        + MAX_CHARS / 1024
        + " KiB; a cluster file is a few kilobytes of"
        + " YAML: is this the right file?";
  }

  private static SpecException fatal(String file, int line, String message) {
    return new SpecException(List.of(new SpecError(file, line, "", message)));
  }

  /**
   * SnakeYAML's own words for a syntax error, at the line of the problem itself: the exception's
   * location is where the enclosing construct began, often the line before, and its message leads
   * with that context rather than the cause.
   */
  private static SpecException syntaxError(String file, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    int line = mark == null ? 1 : mark.getLine() + 1;
    String problem = e.getProblem() == null ? "syntax error" : e.getProblem();
    if (problem.contains("\\t(TAB)")) {
      return fatal(file, line, "a tab is used for indentation; YAML indents with spaces only");
    }
    String context = e.getContext();
    return fatal(
        file,
        line,
        "not valid YAML: " + (context == null ? "" : context + ": ") + firstLine(problem));
  }

  /** The parser's message about a structure it cannot map, without its internal names. */
  private static String describe(String message) {
    String text = firstLine(message);
    Matcher alias = ALIAS_EVENT.matcher(text);
    if (text.startsWith("Expected a field name") && alias.find()) {
      return "'*"
          + alias.group(1)
          + "' is a YAML alias used as a key; stateful-cluster does"
          + " not expand aliases: write the key out";
    }
    if (text.startsWith("Expected a field name")) {
      return "a key must be plain text, not a list or a mapping (as with '? ' keys); write"
          + " 'key: value'";
    }
    return "not valid YAML: "
        + text.replaceAll(
                "<?\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z][\\w$]*" + "(\\([^)]*\\))?>?", "a YAML element")
            .replaceAll("\\s*\\(from `[^`]*`\\)", "");
  }

  private SourceNode read(JsonParser parser, String path) throws IOException {
    int line = line(parser);
    JsonToken token = parser.currentToken();
    checkAlias(parser, path, line);
    String tag = checkTag(parser, path, line, null);
    switch (token) {
      case START_OBJECT:
        return readMap(parser, path, line, tag);
      case START_ARRAY:
        List<SourceNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(parser, path + "[" + items.size() + "]"));
        }
        return new ListNode(line, items);
      case VALUE_STRING:
        return new Scalar(line, parser.getText(), Scalar.Kind.STRING, null);
      case VALUE_NUMBER_INT:
        return new Scalar(line, parser.getText(), Scalar.Kind.INTEGER, parser.getNumberValue());
      case VALUE_NUMBER_FLOAT:
        return new Scalar(line, parser.getText(), Scalar.Kind.DECIMAL, null);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new Scalar(
            line, parser.getText(), Scalar.Kind.BOOLEAN, token == JsonToken.VALUE_TRUE);
      case VALUE_NULL:
        return new Scalar(line, "", Scalar.Kind.NULL, null);
      default:
        // !!binary and the like: nothing a cluster file has
        throw new SpecException(
            List.of(
                new SpecError(
                    file,
                    line,
                    path,
                    "a value of a YAML type"
                        + " stateful-cluster does not read (such as !!binary); write text, a number,"
                        + " true or false, a list or a mapping")));
    }
  }

  /** {@code tag}: the mapping's own, which the parser repeats on its first key. */
  private MapNode readMap(JsonParser parser, String path, int line, String tag) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int keyLine = line(parser);
      long at = parser.currentTokenLocation().getCharOffset();
      boolean plain =
          at < 0
              || at >= text.length()
              || (text.charAt((int) at) != '"' && text.charAt((int) at) != '\'');
      checkAlias(parser, path.isEmpty() ? key : path + "." + key, keyLine);
      checkTag(
          parser, path.isEmpty() ? key : path + "." + key, keyLine, entries.isEmpty() ? tag : null);
      parser.nextToken();
      String childPath = path.isEmpty() ? key : path + "." + key;
      SourceNode value = read(parser, childPath);
      if (entries.containsKey(key)) {
        problems.add(
            keyLine,
            childPath,
            "'"
                + key
                + "' is given twice (first on line "
                + entries.get(key).keyLine()
                + "); keep one");
      } else {
        entries.put(key, new Entry(keyLine, value, plain));
      }
    }
    return new MapNode(line, entries);
  }

  private void checkAlias(JsonParser parser, String path, int line) throws IOException {
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      unresolved.add(
          line,
          path,
          "'*"
              + parser.getText()
              + "' is a YAML"
              + " alias; stateful-cluster does not expand aliases: write the value out here");
    }
  }

  /**
   * Refuses a tag other than YAML's own on the current token; returns the token's tag. {@code
   * inherited}: a tag the parser reports again here, already refused where it was written.
   */
  private String checkTag(JsonParser parser, String path, int line, String inherited)
      throws IOException {
    Object typeId = parser.getTypeId();
    String tag = typeId == null ? null : typeId.toString();
    if (tag != null && !tag.startsWith(STANDARD_TAG) && !tag.equals(inherited)) {
      unresolved.add(
          line,
          path,
          "'!"
              + tag
              + "' is a YAML tag, which stateful-cluster does not resolve (CloudFormation's"
              + " short forms such as !Ref and !Sub mean nothing in a cluster file); write the"
              + " value itself");
    }
    return tag;
  }

  private static int line(JsonParser parser) {
    return Math.max(parser.currentTokenLocation().getLineNr(), 1);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "syntax error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }
}
