package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.spec.SpecReader;
import dev.statefulcluster.template.TemplateWriter;
import dev.statefulcluster.testing.CfnValidator;
import dev.statefulcluster.testing.Diagnostic;
import dev.statefulcluster.testing.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cluster file laid out over nested stacks against its expected templates, byte for byte: the
 * parent (naming each child by its file name, as {@code synth -o DIR} writes it) and every child,
 * in {@code golden/<name>/}. Each passes AWS's validator as the single-stack templates do. An
 * intended change rewrites them with {@code mvn test -Dgolden.update=true}.
 */
class NestedGoldenTemplatesTest {
  static final Path SPECS = Path.of("src/test/resources/nested-golden");

  static Stream<Path> specs() {
    try (Stream<Path> files = Files.list(SPECS)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every template of the cluster by file name: the parent first, naming each child by {@code
   * urlOf} its logical id, then each child.
   */
  static Map<String, String> templates(Path spec, Function<String, String> urlOf) {
    NestedSynthesis nested = NestedSynthesis.of(SpecReader.read(spec));
    Map<String, String> out = new LinkedHashMap<>();
    out.put(
        "parent.json",
        TemplateWriter.write(nested.parent(urlOf).template(), TemplateWriter.Format.JSON));
    nested
        .children()
        .forEach(
            (id, child) ->
                out.put(
                    id + ".json",
                    TemplateWriter.write(child.template(), TemplateWriter.Format.JSON)));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void everyStackMatchesItsGoldenFile(Path spec) throws IOException {
    Path dir = TemplateSources.GOLDEN.resolve(TemplateSources.name(spec));
    Map<String, String> templates = templates(spec, id -> id + ".json");
    if (GoldenTemplatesTest.UPDATE) {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> t : templates.entrySet()) {
        Files.writeString(dir.resolve(t.getKey()), t.getValue(), StandardCharsets.UTF_8);
      }
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .as("the golden files of %s: one per stack", spec)
          .containsExactlyElementsOf(templates.keySet().stream().sorted().toList());
    }
    for (Map.Entry<String, String> t : templates.entrySet()) {
      assertThat(t.getValue())
          .as(
              "%s differs from its golden file in %s; if intended, rerun with"
                  + " -Dgolden.update=true and review the diff",
              t.getKey(), dir)
          .isEqualTo(Files.readString(dir.resolve(t.getKey()), StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void everyStackPassesAwsValidator(Path spec) {
    // As deploy sends it: the parent names its children by their S3 URLs (a file name is what
    // 'aws cloudformation package' rewrites, which the validator warns about).
    Function<String, String> s3 =
        id ->
            "https://templates-bucket.s3.eu-west-1.amazonaws.com/stateful-cluster/" + id + ".json";
    for (Map.Entry<String, String> t : templates(spec, s3).entrySet()) {
      ValidationReport report =
          CfnValidator.shared().validateBody(spec + "-" + t.getKey(), t.getValue());
      assertThat(report.isComplete()).as("validator finished: %s", report).isTrue();
      assertThat(report.errors()).as("%s: ERROR and FATAL diagnostics", t.getKey()).isEmpty();
      List<Diagnostic> unexplained =
          report.warnings().stream()
              .filter(d -> !TemplatesPassValidatorTest.EXPLAINED_WARNINGS.containsKey(d.ruleId()))
              .toList();
      assertThat(unexplained).as("%s: warnings neither fixed nor explained", t.getKey()).isEmpty();
    }
  }
}
