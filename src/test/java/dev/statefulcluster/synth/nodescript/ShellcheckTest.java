package dev.statefulcluster.synth.nodescript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * shellcheck -s sh on the node script and its benchmark. CI installs shellcheck; elsewhere this is
 * skipped.
 */
class ShellcheckTest {

  @TempDir Path tmp;

  @Test
  void nodeScriptPassesShellcheck() {
    Host.assumeTools("shellcheck");
    Sandbox box = new Sandbox(tmp);

    Host.Result r =
        Host.run(
            List.of("shellcheck", "-s", "sh", box.script.toString()),
            Map.of(),
            Duration.ofMinutes(1));

    assertThat(r.exit()).as(r.toString()).isZero();
  }

  @Test
  void benchmarkScriptPassesShellcheck() {
    Host.assumeTools("shellcheck");
    Path bench = Path.of("bench/node-script.sh");
    assertThat(bench).exists();

    Host.Result r =
        Host.run(
            List.of("shellcheck", "-s", "sh", bench.toString()), Map.of(), Duration.ofMinutes(1));

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Files.isRegularFile(bench)).isTrue();
  }
}
