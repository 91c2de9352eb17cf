package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** synth, validate, schema, node-script: run in-process, never touching AWS. */
class OfflineCommandsTest {
  @Test
  void synthWritesTheGoldenTemplateToStandardOutput() throws Exception {
    CliRun run = CliRun.run("synth", "examples/kafka.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo(Files.readString(Path.of(
        "src/test/resources/golden/kafka.json")));
  }

  @Test
  void synthWritesYamlToAFile(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("t.yaml");

    CliRun run = CliRun.run("synth", "--format", "yaml", "-o", out.toString(),
        "examples/kafka.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(Files.readString(out)).isEqualTo(Files.readString(Path.of(
        "src/test/resources/golden/kafka.yaml")));
  }

  @Test
  void synthStackPolicyDeniesReplacingOrDeletingVolumesAndInterfaces() throws Exception {
    CliRun run = CliRun.run("synth", "--stack-policy", "examples/etcd.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(Files.readString(Path.of(
        "src/test/resources/golden/stack-policy.json")));
  }

  @Test
  void synthOfALargeClusterNotesThatItMustGoThroughS3() {
    CliRun run = CliRun.run("synth", "src/test/resources/synth/sixty-nodes.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).startsWith("note: the template is ").contains("over CloudFormation's"
        + " 51,200-byte limit for a template sent inline; deploy it through S3");
  }

  @Test
  void aBrokenFileGivesEveryErrorAndExitCodeThree() {
    CliRun run = CliRun.run("synth", "src/test/resources/spec/errors/many-at-once.yaml");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("src/test/resources/spec/errors/many-at-once.yaml:6: name:")
        .contains("many-at-once.yaml:15: volume.tpye: unknown field; did you mean 'type'?")
        .endsWith("5 errors\n");
  }

  @Test
  void aMissingFileIsOneClearLine() {
    CliRun run = CliRun.run("validate", "no/such.yaml");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(run.err()).startsWith("no/such.yaml: cannot read the file:");
  }

  @Test
  void validateSummarisesTheTemplateAgainstCloudFormationsLimits() {
    CliRun run = CliRun.run("validate", "examples/etcd.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("examples/etcd.yaml: valid: cluster etcd-main, 5 nodes\n")
        .contains("  21 of 500 resources\n  11 of 200 parameters\n  18 of 200 outputs\n");
  }

  @Test
  void wrongArgumentsPrintOneLineWithAHelpHint() {
    CliRun run = CliRun.run("synth", "--format", "xml", "examples/kafka.yaml");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).startsWith("error: Invalid value for option '--format'")
        .endsWith("; see 'stateful-cluster synth --help'\n").hasLineCount(1);
  }

  @Test
  void schemaAndNodeScriptPrintTheirResources() {
    assertThat(CliRun.run("schema").out()).contains("\"$schema\"").contains("\"mountPoint\"");
    assertThat(CliRun.run("node-script").out()).startsWith("#!/bin/sh");
  }
}
