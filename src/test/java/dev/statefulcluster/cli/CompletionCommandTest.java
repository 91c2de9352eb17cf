package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** completion bash|zsh: the script picocli generates, tried in a real bash. */
class CompletionCommandTest {
  @Test
  void bashCompletionIsACompletionFunctionForTheTool() {
    CliRun run = CliRun.run("completion", "bash");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F _complete_stateful-cluster")
        .contains("deploy")
        .contains("roll");
  }

  @Test
  void theScriptCompletesEverySubcommandAndTheirOptionsInBash(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("completion.bash");
    Files.writeString(script, CliRun.run("completion", "bash").out());

    assertThat(complete(script, "stateful-cluster", "")).containsAll(Main.COMMANDS.keySet());
    assertThat(complete(script, "stateful-cluster", "ro")).containsExactly("roll");
    assertThat(complete(script, "stateful-cluster", "roll", "--am")).containsExactly("--ami");
  }

  @Test
  void zshGetsTheScriptThatLoadsBashCompletionInZsh() {
    CliRun run = CliRun.run("completion", "zsh");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("ZSH_VERSION")
        .contains("bashcompinit")
        .contains("complete -F _complete_stateful-cluster");
  }

  @Test
  void anUnknownShellIsAUsageErrorOnOneLine() {
    CliRun run = CliRun.run("completion", "fish");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: no completion for shell 'fish'; write bash or zsh" + System.lineSeparator());
  }

  @Test
  void noShellIsAUsageError() {
    CliRun run = CliRun.run("completion");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).startsWith("error: Missing required parameter: 'SHELL'");
  }

  /** What bash offers for the words typed so far, the last one being completed. */
  private static List<String> complete(Path script, String... words) throws Exception {
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append(" '").append(w).append('\'');
    }
    // compopt works only inside a completion bash itself started: a no-op stands in for it.
    String program =
        "source \"$1\"\n"
            + "compopt() { :; }\n"
            + "COMP_WORDS=("
            + array
            + " )\n"
            + "COMP_CWORD="
            + (words.length - 1)
            + "\n"
            + "COMP_LINE=\"${COMP_WORDS[*]}\"\n"
            + "COMP_POINT=${#COMP_LINE}\n"
            + "_complete_stateful-cluster\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p =
        new ProcessBuilder("bash", "-c", program, "bash", script.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
