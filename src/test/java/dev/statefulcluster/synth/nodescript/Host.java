package dev.statefulcluster.synth.nodescript;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs host commands for the tests, and skips tests the host cannot run. */
final class Host {

  private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

  private Host() {}

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static boolean isRoot() {
    return run(List.of("id", "-u"), Map.of(), Duration.ofSeconds(10)).out().trim().equals("0");
  }

  static boolean has(String tool) {
    List<String> dirs =
        new ArrayList<>(
            Arrays.asList(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(SBIN);
    return dirs.stream().anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
  }

  /** Skips the test unless it runs as root with every tool named; says which is missing. */
  static void assumeRootWith(String... tools) {
    assumeThat(isRoot())
        .as("needs root for loop devices and mount; run the tests as root (CI does)")
        .isTrue();
    assumeTools(tools);
  }

  static void assumeTools(String... tools) {
    for (String tool : tools) {
      assumeThat(has(tool))
          .as("needs %s on the PATH (apt-get install the package that has it)", tool)
          .isTrue();
    }
  }

  /** True when this process holds the given capability (bit number in CapEff). */
  static boolean hasCapability(int bit) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << bit)) != 0;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("host", ".out");
      err = Files.createTempFile("host", ".err");
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment()
          .put(
              "PATH",
              pb.environment().getOrDefault("PATH", "/usr/bin:/bin")
                  + ":"
                  + String.join(":", SBIN));
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(
            command + " did not finish within " + timeout + "\n" + Files.readString(err));
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Runs a command that must succeed; returns its trimmed stdout. */
  static String must(String... command) {
    Result r = run(List.of(command), Map.of(), Duration.ofSeconds(60));
    if (r.exit() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + r);
    }
    return r.out().trim();
  }

  /** Runs a command whose failure does not matter (cleanup). */
  static void quietly(String... command) {
    try {
      run(List.of(command), Map.of(), Duration.ofSeconds(60));
    } catch (RuntimeException | AssertionError e) {
      // cleanup goes on with the next step
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // a temp file left behind
      }
    }
  }
}
