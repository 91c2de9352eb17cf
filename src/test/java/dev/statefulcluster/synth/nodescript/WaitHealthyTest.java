package dev.statefulcluster.synth.nodescript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * wait-healthy runs the user's health command until it succeeds or the time is up. Needs no root.
 */
class WaitHealthyTest {

  @TempDir Path tmp;
  Sandbox box;

  @BeforeEach
  void setUp() {
    Host.assumeTools("dash", "bash");
    box = new Sandbox(tmp);
  }

  @AfterEach
  void tearDown() {
    if (box != null) {
      box.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void succeedsAfterAFewFailures(Shell shell) throws IOException {
    Path count = tmp.resolve("count");
    Path health =
        Files.writeString(
            tmp.resolve("health.sh"),
            "n=$(cat "
                + count
                + " 2>/dev/null || echo 0)\n"
                + "n=$((n + 1))\n"
                + "echo \"$n\" > "
                + count
                + "\n"
                + "echo \"broker not ready ($n)\"\n"
                + "[ \"$n\" -ge 3 ]\n");

    Host.Result r =
        box.run(shell, "wait-healthy", "--timeout", "30", "--interval", "1", health.toString());

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(count).hasContent("3");
    assertThat(r.out()).as("the command's output goes to stderr").isEmpty();
    assertThat(r.err())
        .contains("broker not ready (1)")
        .contains("exited 1 (attempt 2); retrying in 1 s")
        .contains("succeeded on attempt 3");
  }

  @Test
  void timesOutWithAClearMessage() throws IOException {
    Path health = Files.writeString(tmp.resolve("health.sh"), "exit 3\n");
    long start = System.nanoTime();

    Host.Result r =
        box.run(Shell.DASH, "wait-healthy", "--timeout", "2", "--interval", "1", health.toString());

    assertThat(r.exit()).as(r.toString()).isEqualTo(7);
    assertThat(r.err())
        .contains("not healthy: " + health + " did not succeed within 2 s")
        .contains("last exit 3");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isBetween(2L, 6L);
  }

  @Test
  void aHangingHealthCommandIsCutOffAtTheTimeout() throws IOException {
    Host.assumeTools("timeout");
    Path health = Files.writeString(tmp.resolve("health.sh"), "sleep 60\n");
    long start = System.nanoTime();

    Host.Result r = box.run(Shell.BASH, "wait-healthy", "--timeout=2", health.toString());

    assertThat(r.exit()).as(r.toString()).isEqualTo(7);
    assertThat(r.err()).contains("did not succeed within 2 s");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
  }
}
