package dev.statefulcluster.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes templates (or any plain template data) as JSON or YAML, keys in the data's own order, so
 * that the same input always gives the same bytes. Uses Jackson's streaming generators only: the
 * databind layer costs start-up time and adds nothing for plain maps.
 */
public final class TemplateWriter {
  public enum Format {
    /** Indented JSON, for people and golden files. */
    JSON,
    /** JSON without white space: what is sent to CloudFormation, whose size limit counts bytes. */
    COMPACT_JSON,
    YAML
  }

  private TemplateWriter() {}

  public static String write(Template template, Format format) {
    return write(template.render(), format);
  }

  public static String write(Map<String, Object> data, Format format) {
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = generator(format, out)) {
      writeValue(gen, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String text = out.toString();
    return format == Format.COMPACT_JSON ? text : text.endsWith("\n") ? text : text + "\n";
  }

  private static JsonGenerator generator(Format format, StringWriter out) throws IOException {
    switch (format) {
      case YAML:
        return YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .stringQuotingChecker(YamlQuoting.INSTANCE)
            .build()
            .createGenerator(out);
      case JSON:
        JsonGenerator pretty = new JsonFactory().createGenerator(out);
        DefaultPrettyPrinter printer =
            new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        pretty.setPrettyPrinter(
            new DefaultPrettyPrinter(printer) {
              private static final long serialVersionUID = 1L;

              @Override
              public DefaultPrettyPrinter createInstance() {
                return new DefaultPrettyPrinter(this) {
                  private static final long serialVersionUID = 1L;

                  @Override
                  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
                    g.writeRaw(": ");
                  }
                };
              }
            }.createInstance());
        return pretty;
      default:
        return new JsonFactory().createGenerator(out);
    }
  }

  private static void writeValue(JsonGenerator gen, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      gen.writeStartObject();
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) map;
      for (Map.Entry<String, Object> e : Plain.entries(typed)) {
        gen.writeFieldName(e.getKey());
        writeValue(gen, e.getValue());
      }
      gen.writeEndObject();
    } else if (value instanceof List<?> list) {
      gen.writeStartArray();
      for (Object item : list) {
        writeValue(gen, item);
      }
      gen.writeEndArray();
    } else if (value instanceof String s) {
      gen.writeString(s);
    } else if (value instanceof Integer i) {
      gen.writeNumber(i);
    } else if (value instanceof Long l) {
      gen.writeNumber(l);
    } else if (value instanceof Boolean b) {
      gen.writeBoolean(b);
    } else {
      throw new IllegalArgumentException("cannot write " + value);
    }
  }
}
