package dev.statefulcluster.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The printed JSON Schema describes exactly the fields the reader accepts: the spec files that
 * together use every field are valid for the reader, and their field paths are the schema's.
 */
class SpecSchemaTest {
  static final Path[] KITCHEN_SINKS = {
    Path.of("src/test/resources/synth/restore-from-snapshots.yaml"),
    Path.of("examples/etcd.yaml"),
    Path.of("examples/kafka.yaml"),
    Path.of("src/test/resources/synth/counted-from-snapshots.yaml"),
    Path.of("src/test/resources/synth/recovery.yaml"),
    Path.of("src/test/resources/nested-golden/small-nested.yaml"),
  };

  @Test
  void schemaNamesEveryFieldTheReaderAcceptsAndNoOther() throws Exception {
    Set<String> used = new TreeSet<>();
    for (Path p : KITCHEN_SINKS) {
      SpecReader.read(p);
      collectYaml(new YAMLMapper().readTree(p.toFile()), "", used);
    }

    Set<String> schema = new TreeSet<>();
    collectSchema(new ObjectMapper().readTree(SpecSchema.text()), "", schema);

    assertThat(schema).isEqualTo(used);
  }

  @Test
  void schemaIsValidJsonWithTheRequiredTopLevelFields() throws Exception {
    JsonNode root = new ObjectMapper().readTree(SpecSchema.text());
    assertThat(root.get("required").toString())
        .isEqualTo("[\"name\",\"instanceType\",\"image\",\"nodes\",\"volume\"]");
  }

  private static void collectYaml(JsonNode node, String path, Set<String> out) {
    if (node.isObject()) {
      if (path.equals("tags")) {
        return;
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        out.add(p);
        collectYaml(e.getValue(), p, out);
      }
    } else if (node.isArray()) {
      node.forEach(item -> collectYaml(item, path + "[]", out));
    }
  }

  private static void collectSchema(JsonNode schema, String path, Set<String> out) {
    JsonNode props = schema.get("properties");
    if (props != null && !path.equals("tags")) {
      for (Map.Entry<String, JsonNode> e : props.properties()) {
        String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        out.add(p);
        collectSchema(e.getValue(), p, out);
      }
    }
    if (schema.has("items")) {
      collectSchema(schema.get("items"), path + "[]", out);
    }
    if (schema.has("oneOf")) {
      schema.get("oneOf").forEach(branch -> collectSchema(branch, path, out));
    }
  }
}
