package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.synth.TemplateSizeTest;
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
    assertThat(run.out())
        .isEqualTo(Files.readString(Path.of("src/test/resources/golden/kafka.json")));
  }

  @Test
  void synthWritesYamlToAFile(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("t.yaml");

    CliRun run =
        CliRun.run("synth", "--format", "yaml", "-o", out.toString(), "examples/kafka.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(Files.readString(out))
        .isEqualTo(Files.readString(Path.of("src/test/resources/golden/kafka.yaml")));
  }

  @Test
  void synthStackPolicyDeniesReplacingOrDeletingVolumesAndInterfaces() throws Exception {
    CliRun run = CliRun.run("synth", "--stack-policy", "examples/etcd.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(Files.readString(Path.of("src/test/resources/golden/stack-policy.json")));
  }

  @Test
  void synthOfALargeClusterNotesThatItMustGoThroughS3() {
    CliRun run = CliRun.run("synth", "src/test/resources/synth/sixty-nodes.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .startsWith("note: the template is ")
        .contains(
            "over CloudFormation's"
                + " 51,200-byte limit for a template sent inline; deploy it through S3");
  }

  @Test
  void synthOfAThousandNodesWritesEveryStacksTemplateToADirectory(@TempDir Path dir)
      throws Exception {
    long start = System.nanoTime();
    CliRun run =
        CliRun.run(
            "synth",
            "-o",
            dir.resolve("huge").toString(),
            "src/test/resources/nested/thousand-nodes.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).startsWith("wrote 51 templates to ");
    try (var files = Files.list(dir.resolve("huge"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .hasSize(51)
          .contains("parent.json", "Network1.json", "Nodes1.json", "Nodes25.json");
    }
    assertThat(Files.readString(dir.resolve("huge/parent.json")))
        .contains("\"TemplateURL\": \"Nodes25.json\"");
    // Synthesis of every stack of 1,000 nodes, written out, within seconds even on a busy build.
    assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
  }

  @Test
  void synthOfAClusterOverSeveralStacksNeedsADirectory() {
    CliRun run = CliRun.run("synth", "src/test/resources/nested/thousand-nodes.yaml");

    assertOneError(
        run,
        2,
        "error: a cluster of 1000 nodes is laid out over 51 stacks; write their templates to a"
            + " directory with -o DIR");
  }

  @Test
  void validateOfAThousandNodesPrintsTheFullestStacksQuotaUse() {
    CliRun run = CliRun.run("validate", "src/test/resources/nested/thousand-nodes.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith(
            "src/test/resources/nested/thousand-nodes.yaml: valid: cluster huge, 1000 nodes over 51"
                + " stacks (a parent and 25 groups of up to 40 nodes, each a network and a nodes"
                + " stack); the fullest, Nodes1, uses:\n")
        .contains("  187 of 200 parameters\n");
  }

  @Test
  void aBrokenFileGivesEveryErrorAndExitCodeThree() {
    CliRun run = CliRun.run("synth", "src/test/resources/spec/errors/many-at-once.yaml");

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("src/test/resources/spec/errors/many-at-once.yaml:6: name:")
        .contains("many-at-once.yaml:15: volume.tpye: unknown field; did you mean 'type'?")
        .endsWith("5 errors\n");
  }

  @Test
  void aMissingFileIsOneClearLine() {
    CliRun run = CliRun.run("validate", "no/such.yaml");

    assertOneError(run, ExitCode.INVALID_SPEC, "no/such.yaml: no such file");
  }

  @Test
  void aDirectoryIsNamedAsSuch(@TempDir Path dir) {
    CliRun run = CliRun.run("validate", dir.toString());

    assertOneError(
        run,
        ExitCode.INVALID_SPEC,
        dir + ": is a directory; name the cluster file" + " (YAML) itself");
  }

  @Test
  void aPathThroughAFileSaysWhyItCannotBeRead() {
    CliRun run = CliRun.run("validate", "examples/kafka.yaml/cluster.yaml");

    assertOneError(
        run,
        ExitCode.INVALID_SPEC,
        "examples/kafka.yaml/cluster.yaml: cannot be read:" + " Not a directory");
  }

  @Test
  void anEndlessFileIsCutShortWithOneLine() {
    long start = System.nanoTime();

    CliRun run = CliRun.run("validate", "/dev/zero");

    assertOneError(
        run,
        ExitCode.INVALID_SPEC,
        "/dev/zero: is larger than 1024 KiB; a cluster"
            + " file is a few kilobytes of YAML: is this the right file?");
    assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(5_000_000_000L);
  }

  @Test
  void aHugeSparseFileIsRefusedAtOnce(@TempDir Path dir) throws Exception {
    Path huge = dir.resolve("huge.yaml");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(3L << 30);
    }

    CliRun run = CliRun.run("synth", huge.toString());

    assertOneError(
        run,
        ExitCode.INVALID_SPEC,
        huge
            + ": is larger than 1024 KiB; a cluster file"
            + " is a few kilobytes of YAML: is this the right file?");
  }

  @Test
  void aFileThatIsNotUtf8IsNamedAtItsLine(@TempDir Path dir) throws Exception {
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(
        latin1,
        "name: demo\ntags:\n  owner: Ren\u00e9\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    CliRun run = CliRun.run("validate", latin1.toString());

    assertOneError(
        run,
        ExitCode.INVALID_SPEC,
        latin1
            + ":3: is not UTF-8 text: byte 0xE9 in"
            + " column 13 is not UTF-8 (saved as Latin-1 or Windows-1252?); save the file as UTF-8");
  }

  @Test
  void yamlTheToolCannotReadIsOneLineWithoutTheParsersInternals() {
    for (String file :
        new String[] {
          "complex-key", "deep-nesting", "tab-indent", "binary", "aliases", "alias-key", "not-yaml"
        }) {
      CliRun run = CliRun.run("validate", "src/test/resources/spec/errors/" + file + ".yaml");

      assertThat(run.exitCode()).as(file).isEqualTo(ExitCode.INVALID_SPEC);
      assertThat(run.err())
          .as(file)
          .startsWith("src/test/resources/spec/errors/" + file + ".yaml:")
          .doesNotContain(
              "java.",
              "org.yaml",
              "jackson",
              "Exception",
              "Event(",
              "StreamReadConstraints",
              "\tat ");
    }
  }

  @Test
  void anOutputPathInNoDirectoryIsABadCommandLine() {
    CliRun run = CliRun.run("synth", "-o", "/no/such/dir/x.json", "examples/kafka.yaml");

    assertOneError(
        run,
        ExitCode.USAGE,
        "error: cannot write -o /no/such/dir/x.json: no such" + " directory /no/such/dir");
  }

  @Test
  void anOutputPathThatIsADirectoryIsABadCommandLine(@TempDir Path dir) {
    CliRun run = CliRun.run("synth", "-o", dir.toString(), "examples/kafka.yaml");

    assertOneError(run, ExitCode.USAGE, "error: cannot write -o " + dir + ": Is a directory");
  }

  /** The one line a user sees (a spec error is followed by its count), and nothing of Java. */
  private static void assertOneError(CliRun run, int exitCode, String line) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
    assertThat(run.out()).isEmpty();
    String expected = line + "\n" + (exitCode == ExitCode.INVALID_SPEC ? "1 error\n" : "");
    assertThat(run.err()).isEqualTo(expected);
  }

  @Test
  void validateSummarisesTheTemplateAgainstCloudFormationsLimits() {
    CliRun run = CliRun.run("validate", "examples/etcd.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("examples/etcd.yaml: valid: cluster etcd-main, 5 nodes\n")
        .contains("  22 of 500 resources\n  6 of 200 parameters\n  3 of 200 outputs\n");
  }

  @Test
  void fifteenPinnedNodesWithThreeTagsDeployInline(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("fifteen.yaml");
    Files.writeString(file, TemplateSizeTest.fifteen());

    CliRun run = CliRun.run("validate", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(": valid: cluster fifteen, 15 nodes\n")
        .contains("deploys inline (within the 51,200-byte limit)");
  }

  @Test
  void wrongArgumentsPrintOneLineWithAHelpHint() {
    CliRun run = CliRun.run("synth", "--format", "xml", "examples/kafka.yaml");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .startsWith("error: Invalid value for option '--format'")
        .endsWith("; see 'stateful-cluster synth --help'\n")
        .hasLineCount(1);
  }

  @Test
  void schemaAndNodeScriptPrintTheirResources() {
    assertThat(CliRun.run("schema").out()).contains("\"$schema\"").contains("\"mountPoint\"");
    assertThat(CliRun.run("node-script").out()).startsWith("#!/bin/sh");
  }
}
