package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefulcluster.spec.SpecReader;
import dev.statefulcluster.template.Template;
import dev.statefulcluster.template.TemplateWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code synth --format yaml} means the same as the JSON to a YAML 1.1 reader (SnakeYAML resolves
 * implicit types as PyYAML, cfn-lint and AWS's validator do): no string comes back as a number, a
 * date, a boolean or a merge key.
 */
class YamlReadBackTest {
  private static Object yaml11(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  private static Object json(String text) throws IOException {
    return new ObjectMapper().readValue(text, Object.class);
  }

  static Stream<Path> goldenYaml() throws IOException {
    try (Stream<Path> files = Files.list(TemplateSources.GOLDEN)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenYaml")
  void goldenYamlReadsBackAsItsGoldenJson(Path yaml) throws IOException {
    Path jsonFile = Path.of(yaml.toString().replaceFirst("\\.yaml$", ".json"));

    assertThat(yaml11(Files.readString(yaml))).isEqualTo(json(Files.readString(jsonFile)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.statefulcluster.synth.TemplateSources#all")
  void everyTemplateReadsBackAsItsJson(Path spec) throws IOException {
    Template template = Synthesis.of(SpecReader.read(spec)).template();

    assertThat(yaml11(TemplateWriter.write(template, TemplateWriter.Format.YAML)))
        .isEqualTo(json(TemplateWriter.write(template, TemplateWriter.Format.JSON)));
  }

  @Test
  void tagValuesThatLookLikeNumbersOrKeywordsStayText() throws IOException {
    List<String> values =
        List.of(
            "12:30",
            "=",
            "yes",
            "off",
            "0o17",
            "1e3",
            "2001-12-14",
            "1_000",
            "+.inf",
            "010",
            "null");
    StringBuilder tags = new StringBuilder("tags:\n");
    for (int i = 0; i < values.size(); i++) {
      tags.append("  t").append(i).append(": \"").append(values.get(i)).append("\"\n");
    }
    Template template =
        Synthesis.of(
                SpecReader.read(
                    "tags.yaml",
                    Files.readString(Path.of("examples/etcd.yaml"))
                            .replaceFirst("(?m)^tags:.*\\n(  .*\\n)*", "")
                        + tags))
            .template();

    Object back = yaml11(TemplateWriter.write(template, TemplateWriter.Format.YAML));

    assertThat(back).isEqualTo(json(TemplateWriter.write(template, TemplateWriter.Format.JSON)));
    @SuppressWarnings("unchecked")
    Map<String, Object> resources = (Map<String, Object>) ((Map<?, ?>) back).get("Resources");
    // The file's tags are the stack's (deploy sets them; CloudFormation propagates them), so none
    // is written into the template, where YAML could have read one back as a number.
    assertThat(resources.values().toString()).doesNotContain("Key=t0", "12:30", "2001-12-14");
  }
}
