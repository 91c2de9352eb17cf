package dev.statefulcluster.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive that {@code mvn package} makes, as a user gets it: unpacked, and run through
 * its launcher with a PATH that holds java and the few POSIX tools the launcher uses, and no Maven.
 * Run by failsafe in integration-test, after the archive was made.
 */
class ReleaseArchiveIT {
  /** All the launcher may need from PATH (besides the shell's builtins). */
  private static final List<String> TOOLS = List.of("dirname", "mkdir", "cksum", "cut");

  @TempDir static Path tmp;
  static Path install;
  static Path bin;

  @BeforeAll
  static void unpack() throws Exception {
    Path archive = Path.of(System.getProperty("release.archive", "missing: run through failsafe"));
    assertThat(archive).isRegularFile();
    Path unpacked = Files.createDirectory(tmp.resolve("opt"));
    Run tar =
        run(unpacked, Map.of("PATH", System.getenv("PATH")), "tar", "-xzf", archive.toString());
    assertThat(tar.code).as(tar.err).isZero();
    install = unpacked.resolve("stateful-cluster-" + System.getProperty("release.version"));

    bin = Files.createDirectory(tmp.resolve("bin"));
    Files.createSymbolicLink(
        bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    for (String tool : TOOLS) {
      Files.createSymbolicLink(bin.resolve(tool), onPath(tool));
    }
  }

  @Test
  void holdsTheJarItsLibrariesAndAnExecutableLauncher() throws IOException {
    assertThat(install.resolve("stateful-cluster.jar")).isRegularFile();
    assertThat(install.resolve("README.md")).isRegularFile();
    assertThat(install.resolve("NOTICE.md")).isRegularFile();
    assertThat(install.resolve("examples/kafka.yaml")).isRegularFile();
    assertThat(Files.isExecutable(install.resolve("bin/stateful-cluster"))).isTrue();
    List<String> libs = list(install.resolve("lib"));
    assertThat(libs)
        .anyMatch(n -> n.startsWith("cloudformation-"))
        .anyMatch(n -> n.startsWith("url-connection-client-"))
        .anyMatch(n -> n.startsWith("slf4j-nop-"))
        .noneMatch(
            n ->
                n.startsWith("netty")
                    || n.startsWith("apache-client")
                    || n.startsWith("httpclient"));
  }

  @Test
  void theProductJarCarriesNoneOfTheTestsInMemoryModel() throws IOException {
    try (java.util.jar.JarFile jar =
        new java.util.jar.JarFile(install.resolve("stateful-cluster.jar").toFile())) {
      List<String> entries = jar.stream().map(java.util.jar.JarEntry::getName).toList();
      assertThat(entries)
          .contains("dev/statefulcluster/cli/Main.class")
          .noneMatch(n -> n.startsWith("dev/statefulcluster/cloud/sim/"));
    }
  }

  @Test
  void synthRunsWithOnlyJavaAndCachesItsClassArchiveOutsideTheInstall() throws Exception {
    Path home = Files.createDirectory(tmp.resolve("home"));
    Map<String, String> env = Map.of("PATH", bin.toString(), "HOME", home.toString());
    List<Path> installed = tree(install);
    String golden = Files.readString(Path.of("src/test/resources/golden/kafka.json"));

    Run first = run(install, env, "bin/stateful-cluster", "synth", "examples/kafka.yaml");

    assertThat(first.err).isEmpty();
    assertThat(first.code).isZero();
    assertThat(first.out).isEqualTo(golden);
    Path cache = home.resolve(".cache/stateful-cluster");
    List<String> archives = list(cache);
    assertThat(archives).hasSize(1).allMatch(n -> n.endsWith(".jsa"));
    assertThat(Files.size(cache.resolve(archives.get(0)))).isPositive();
    assertThat(tree(install)).as("nothing written into the install").isEqualTo(installed);

    Path classLog = tmp.resolve("classes.log");
    Map<String, String> logging = new HashMap<>(env);
    logging.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog);
    Run second = run(install, logging, "bin/stateful-cluster", "synth", "examples/kafka.yaml");

    assertThat(second.code).as(second.err).isZero();
    assertThat(second.out).isEqualTo(golden);
    assertThat(Files.readAllLines(classLog))
        .as("the second run loads the tool's classes from the archive the first one wrote")
        .anyMatch(
            l ->
                l.contains("dev.statefulcluster.cli.Main ")
                    && l.contains("shared objects file (top)"));
    assertThat(list(cache)).isEqualTo(archives);
  }

  @Test
  void runsWithoutAClassArchiveWhereNoCacheDirectoryCanBeMade() throws Exception {
    Path notADirectory = Files.writeString(tmp.resolve("file"), "");
    Map<String, String> env =
        Map.of("PATH", bin.toString(), "XDG_CACHE_HOME", notADirectory.resolve("cache").toString());

    Run run = run(install, env, "bin/stateful-cluster", "--version");

    assertThat(run.err).isEmpty();
    assertThat(run.code).isZero();
    assertThat(run.out.strip())
        .isEqualTo("stateful-cluster " + System.getProperty("release.version"));
  }

  @Test
  void withoutJavaItSaysWhatIsNeeded() throws Exception {
    Path noJava = Files.createDirectories(tmp.resolve("nojava"));
    for (String tool : TOOLS) {
      Files.createSymbolicLink(noJava.resolve(tool), onPath(tool));
    }

    Run run = run(install, Map.of("PATH", noJava.toString()), "bin/stateful-cluster", "synth");

    assertThat(run.code).isEqualTo(2);
    assertThat(run.err)
        .isEqualTo(
            "stateful-cluster: Java 17 or later is needed: put java on PATH or set JAVA_HOME\n");
  }

  private record Run(int code, String out, String err) {}

  private static Run run(Path dir, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = Files.createTempFile(tmp, "out", "");
    Path err = Files.createTempFile(tmp, "err", "");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Path onPath(String tool) {
    for (String d : System.getenv("PATH").split(File.pathSeparator)) {
      Path p = Path.of(d, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(tool + " is not on PATH");
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<Path> tree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.sorted().toList();
    }
  }
}
