package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.spec.SpecReader;
import dev.statefulcluster.template.TemplateWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example and test spec against its expected template, byte for byte. An intended change
 * rewrites the golden files with {@code mvn test -Dgolden.update=true}, and the diff is reviewed in
 * the same commit.
 */
class GoldenTemplatesTest {
  static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static Stream<Path> specs() {
    return TemplateSources.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void templateMatchesGoldenFile(Path spec) throws IOException {
    String actual =
        TemplateWriter.write(
            Synthesis.of(SpecReader.read(spec)).template(), TemplateWriter.Format.JSON);
    check(TemplateSources.GOLDEN.resolve(TemplateSources.name(spec) + ".json"), actual);
  }

  @Test
  void yamlFormatMatchesGoldenFile() throws IOException {
    String actual =
        TemplateWriter.write(
            Synthesis.of(SpecReader.read(Path.of("examples/kafka.yaml"))).template(),
            TemplateWriter.Format.YAML);
    check(TemplateSources.GOLDEN.resolve("kafka.yaml"), actual);
  }

  @Test
  void stackPolicyMatchesGoldenFile() throws IOException {
    check(
        TemplateSources.GOLDEN.resolve("stack-policy.json"),
        TemplateWriter.write(StackPolicy.document(), TemplateWriter.Format.JSON));
  }

  private static void check(Path golden, String actual) throws IOException {
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(golden).as("golden file %s (create it with -Dgolden.update=true)", golden).exists();
    assertThat(actual)
        .as(
            "template differs from %s; if intended, rerun with"
                + " -Dgolden.update=true and review the diff",
            golden)
        .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
