package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.spec.SpecReader;
import dev.statefulcluster.template.TemplateWriter;
import dev.statefulcluster.testing.CfnValidator;
import dev.statefulcluster.testing.Diagnostic;
import dev.statefulcluster.testing.ValidationReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every template the tests produce passes AWS's own offline validator with no ERROR or FATAL, and
 * with no warning but those explained here.
 */
class TemplatesPassValidatorTest {
  /** Warnings the pattern causes on purpose, and why each is right for this template. */
  static final Map<String, String> EXPLAINED_WARNINGS =
      Map.of(
          // A volume must be created in the zone of its node's subnet, which the spec states (or
          // deploy looks up); it is a fact about the subnet, not a portability choice.
          "W3010", "hardcoded availability zone of a data volume",
          // Each node's AMI parameter defaults to the spec's AMI so that the template deploys
          // unchanged with plain CloudFormation and no parameters.
          "W9010", "hardcoded AMI id as a parameter default",
          // The user names a KMS key by ARN; its account id is part of the key's identity.
          "W9013", "account id in the spec's KMS key ARN");

  static Stream<Path> specs() {
    return TemplateSources.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void templatePassesAwsValidator(Path spec) {
    String body =
        TemplateWriter.write(
            Synthesis.of(SpecReader.read(spec)).template(), TemplateWriter.Format.JSON);

    ValidationReport report = CfnValidator.shared().validateBody(spec + ".json", body);

    assertThat(report.isComplete()).as("validator finished: %s", report).isTrue();
    assertThat(report.errors()).as("ERROR and FATAL diagnostics").isEmpty();
    List<Diagnostic> unexplained =
        report.warnings().stream()
            .filter(d -> !EXPLAINED_WARNINGS.containsKey(d.ruleId()))
            .toList();
    assertThat(unexplained).as("warnings neither fixed nor explained").isEmpty();
  }
}
