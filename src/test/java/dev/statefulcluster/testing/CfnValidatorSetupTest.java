package dev.statefulcluster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a developer sees when the validator cannot run: each failure names the cause and the fix.
 * Built on fake tool folders, so these run even where the validator is not installed.
 */
class CfnValidatorSetupTest {

  @TempDir Path tool;

  private final Path template = CfnValidatorTest.template("valid-node.json");

  @Test
  void notInstalledSaysToRunInstallScriptOrSkip() throws IOException {
    Files.writeString(tool.resolve("validate.mjs"), "");

    try (CfnValidator validator = new CfnValidator(tool, "node")) {
      assertThatThrownBy(() -> validator.validate(template))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is not installed")
          .hasMessageContaining(tool.resolve(CfnValidator.PACKAGE_PROBE).toString())
          .hasMessageContaining("run tools/cfn-validate/install.sh")
          .hasMessageContaining("-Dcfn.validate.skip=true");
    }
  }

  @Test
  void staleInstallSaysToRunInstallScript() throws IOException {
    fakeInstall("{\"lockfileVersion\": 3}", "{\"lockfileVersion\": 2}");

    try (CfnValidator validator = new CfnValidator(tool, "node")) {
      assertThatThrownBy(() -> validator.validate(template))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("does not match package-lock.json")
          .hasMessageContaining("run tools/cfn-validate/install.sh");
    }
  }

  @Test
  void missingNodeSaysHowToPointAtOne() throws IOException {
    fakeInstall("{}", "{}");
    String node = tool.resolve("no-such-node").toString();

    try (CfnValidator validator = new CfnValidator(tool, node)) {
      assertThatThrownBy(() -> validator.validate(template))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot run Node.js as '" + node + "'")
          .hasMessageContaining("-Dcfn.validate.node=");
    }
  }

  @Test
  void scriptThatDiesAtStartIsReportedWithItsStderrAndNotRetried() throws IOException {
    assumeFalse(
        Boolean.getBoolean(CfnValidator.SKIP_PROPERTY), "needs node; validator checks skipped");
    fakeInstall("{}", "{}");
    Path starts = tool.resolve("starts.log");
    Files.writeString(
        tool.resolve("validate.mjs"),
        "import { appendFileSync } from 'node:fs';\n"
            + "appendFileSync('starts.log', 'x');\n"
            + "process.stderr.write('engine exploded\\n');\n"
            + "process.exit(2);\n");

    try (CfnValidator validator =
        new CfnValidator(tool, System.getProperty(CfnValidator.NODE_PROPERTY, "node"))) {
      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(() -> validator.validate(template))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("did not start")
            .hasMessageContaining("exited with status 2")
            .hasMessageContaining("engine exploded")
            .hasMessageContaining("run tools/cfn-validate/install.sh");
      }
    }
    assertThat(Files.readString(starts)).isEqualTo("x");
  }

  @Test
  void processIsRestartedAfterItReportsATrap() throws IOException {
    assumeFalse(
        Boolean.getBoolean(CfnValidator.SKIP_PROPERTY), "needs node; validator checks skipped");
    fakeInstall("{}", "{}");
    Path starts = tool.resolve("starts.log");
    // Stands in for validate.mjs after a WebAssembly trap: its first process answers with
    // "restart" and exits, as the real script does; the next process answers normally.
    Files.writeString(
        tool.resolve("validate.mjs"),
        String.join(
            "\n",
            "import { appendFileSync, readFileSync } from 'node:fs';",
            "import { createInterface } from 'node:readline';",
            "appendFileSync('starts.log', 'x');",
            "const first = readFileSync('starts.log', 'utf8').length === 1;",
            "createInterface({ input: process.stdin }).on('line', (line) => {",
            "  const id = JSON.parse(line).id;",
            "  const answer = first",
            "    ? { id, file: 'f', error: 'RuntimeError: unreachable', restart: true }",
            "    : { id, file: 'f', status: 'OK', diagnostics: [] };",
            "  process.stdout.write(JSON.stringify(answer) + '\\n');",
            "  if (first) process.exit(3);",
            "});",
            ""));

    try (CfnValidator validator =
        new CfnValidator(tool, System.getProperty(CfnValidator.NODE_PROPERTY, "node"))) {
      assertThatThrownBy(() -> validator.validate(template))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not check " + template + ": RuntimeError: unreachable");

      assertThat(validator.validate(template).status()).isEqualTo("OK");
    }
    assertThat(Files.readString(starts)).isEqualTo("xx");
  }

  @Test
  void toolIsFoundFromASubdirectoryOfTheCheckout() throws IOException {
    Files.createDirectories(tool.resolve("tools/cfn-validate"));
    Files.writeString(tool.resolve("tools/cfn-validate/validate.mjs"), "");
    Path deep = Files.createDirectories(tool.resolve("module/src"));

    assertThat(CfnValidator.findToolDir(deep)).isEqualTo(tool.resolve("tools/cfn-validate"));
  }

  @Test
  void toolOutsideTheCheckoutIsAClearError() {
    assertThatThrownBy(() -> CfnValidator.findToolDir(tool))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot find tools/cfn-validate/validate.mjs in " + tool);
  }

  private void fakeInstall(String lock, String stamp) throws IOException {
    Files.writeString(tool.resolve("validate.mjs"), "");
    Path probe = tool.resolve(CfnValidator.PACKAGE_PROBE);
    Files.createDirectories(probe.getParent());
    Files.writeString(probe, "{}");
    Files.writeString(tool.resolve("package-lock.json"), lock);
    Files.writeString(tool.resolve("node_modules/.installed-package-lock.json"), stamp);
  }
}
