package dev.statefulcluster.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.statefulcluster.spec.SourceNode.Entry;
import dev.statefulcluster.spec.SourceNode.ListNode;
import dev.statefulcluster.spec.SourceNode.MapNode;
import dev.statefulcluster.spec.SourceNode.Scalar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link SourceNode}s with line numbers. Jackson's streaming parser is used rather
 * than its tree model because only the stream carries token locations; duplicate keys, which
 * YAML libraries silently resolve to the last one, are reported.
 */
public final class YamlSource {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final String file;
  private final Problems problems;

  private YamlSource(String file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * Parses {@code text}. A syntax error is fatal for the document: it is thrown as a {@link
   * SpecException} with the parser's line, since nothing after it can be trusted.
   */
  public static SourceNode parse(String file, String text, Problems problems) {
    YamlSource source = new YamlSource(file, problems);
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SpecException(List.of(new SpecError(file, 1, "", "the file is empty; "
            + "start from one of the examples/ or run 'stateful-cluster schema'")));
      }
      SourceNode root = source.read(parser, "");
      if (parser.nextToken() != null) {
        throw new SpecException(List.of(new SpecError(file, line(parser), "",
            "the file holds more than one YAML document; keep one cluster per file")));
      }
      return root;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      throw new SpecException(List.of(new SpecError(file, Math.max(line, 1), "",
          "not valid YAML: " + firstLine(e.getOriginalMessage()))));
    } catch (IOException e) {
      throw new SpecException(List.of(new SpecError(file, 1, "", "cannot read: " + e.getMessage())));
    }
  }

  private SourceNode read(JsonParser parser, String path) throws IOException {
    int line = line(parser);
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return readMap(parser, path, line);
      case START_ARRAY:
        List<SourceNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(parser, path + "[" + items.size() + "]"));
        }
        return new ListNode(line, items);
      case VALUE_STRING:
        return new Scalar(line, parser.getText(), Scalar.Kind.STRING);
      case VALUE_NUMBER_INT:
        return new Scalar(line, parser.getText(), Scalar.Kind.INTEGER);
      case VALUE_NUMBER_FLOAT:
        return new Scalar(line, parser.getText(), Scalar.Kind.DECIMAL);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new Scalar(line, parser.getText(), Scalar.Kind.BOOLEAN);
      case VALUE_NULL:
        return new Scalar(line, "", Scalar.Kind.NULL);
      default:
        throw new SpecException(List.of(new SpecError(file, line, path,
            "unexpected YAML content (" + token + ")")));
    }
  }

  private MapNode readMap(JsonParser parser, String path, int line) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int keyLine = line(parser);
      parser.nextToken();
      String childPath = path.isEmpty() ? key : path + "." + key;
      SourceNode value = read(parser, childPath);
      if (entries.containsKey(key)) {
        problems.add(keyLine, childPath, "'" + key + "' is given twice (first on line "
            + entries.get(key).keyLine() + "); keep one");
      } else {
        entries.put(key, new Entry(keyLine, value));
      }
    }
    return new MapNode(line, entries);
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
