package dev.statefulcluster.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs shellcheck on a script text; tests are skipped, with the reason, where it is missing. */
public final class Shellcheck {
  private Shellcheck() {}

  public static boolean available() {
    try {
      Process p = new ProcessBuilder("shellcheck", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  public static void assumeAvailable() {
    assumeTrue(
        available(),
        "shellcheck is not installed (apt-get install shellcheck); CI" + " installs it");
  }

  /** shellcheck's findings for {@code script} as POSIX sh; empty when clean. */
  public static String check(String script) throws IOException, InterruptedException {
    Path file = Files.createTempFile("shellcheck", ".sh");
    try {
      Files.writeString(file, script, StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder("shellcheck", "-s", "sh", "-S", "style", file.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return p.exitValue() == 0 ? "" : out;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
