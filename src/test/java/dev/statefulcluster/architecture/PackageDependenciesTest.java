package dev.statefulcluster.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Data flows one way: spec → template → synth → ops → cli, with cloud the port to AWS and cloud.aws
 * the only importer of the AWS SDK. Each package's allowed imports are written here (and in its
 * package-info); a source file that reaches elsewhere fails this test. The in-memory model of AWS
 * (cloud.sim) is no part of the product: it lives in src/sim, compiled with the tests, and
 * SimImportsTest keeps its imports to the port.
 */
class PackageDependenciesTest {
  static final Path MAIN = Path.of("src/main/java/dev/statefulcluster");
  static final String ROOT = "dev.statefulcluster.";

  /** For each package, the project packages it may import (besides itself). */
  static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("spec", Set.of()),
          Map.entry("template", Set.of()),
          Map.entry("synth", Set.of("spec", "template")),
          Map.entry("cloud", Set.of()),
          Map.entry("cloud.aws", Set.of("cloud")),
          Map.entry("ops.core", Set.of("cloud")),
          Map.entry("ops.stack", Set.of("spec", "template", "synth", "cloud", "ops.core")),
          Map.entry(
              "ops.cluster", Set.of("spec", "template", "synth", "cloud", "ops.core", "ops.stack")),
          Map.entry(
              "ops.roll",
              Set.of("spec", "template", "synth", "cloud", "ops.core", "ops.stack", "ops.cluster")),
          Map.entry(
              "ops",
              Set.of(
                  "spec",
                  "template",
                  "synth",
                  "cloud",
                  "ops.core",
                  "ops.stack",
                  "ops.cluster",
                  "ops.roll")),
          Map.entry(
              "cli",
              Set.of(
                  "spec",
                  "template",
                  "synth",
                  "cloud",
                  "cloud.aws",
                  "ops",
                  "ops.core",
                  "ops.stack",
                  "ops.cluster",
                  "ops.roll")));

  /** Third-party packages each may import; the JDK is always allowed. */
  static final Map<String, Set<String>> LIBRARIES =
      Map.ofEntries(
          Map.entry(
              "spec",
              Set.of("com.fasterxml.jackson.core", "com.fasterxml.jackson.dataformat.yaml")),
          Map.entry(
              "template",
              Set.of("com.fasterxml.jackson.core", "com.fasterxml.jackson.dataformat.yaml")),
          Map.entry("synth", Set.of()),
          Map.entry("cloud", Set.of()),
          Map.entry("cloud.aws", Set.of("software.amazon.awssdk")),
          Map.entry("ops.core", Set.of()),
          Map.entry("ops.stack", Set.of("com.fasterxml.jackson")),
          Map.entry("ops.cluster", Set.of("com.fasterxml.jackson")),
          Map.entry("ops.roll", Set.of("com.fasterxml.jackson")),
          Map.entry("ops", Set.of("com.fasterxml.jackson")),
          Map.entry("cli", Set.of("picocli", "com.fasterxml.jackson")));

  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import (?:static )?([a-z][\\w]*(?:\\.[a-z][\\w]*)*)\\.[A-Z]");
  private static final Pattern QUALIFIED =
      Pattern.compile("\\bdev\\.statefulcluster\\.([a-z.]+)\\.[A-Z]");

  @Test
  void everyPackageImportsOnlyWhatItsLayerAllows() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
        assertThat(ALLOWED).as("a rule for package %s", pkg).containsKey(pkg);
        String text = Files.readString(file);
        List<String> used = new ArrayList<>();
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
          used.add(m.group(1));
        }
        Matcher q = QUALIFIED.matcher(text);
        while (q.find()) {
          used.add(ROOT + q.group(1));
        }
        for (String imported : used) {
          if (!allowed(pkg, imported)) {
            violations.add(MAIN.relativize(file) + " imports " + imported);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  private static boolean allowed(String pkg, String imported) {
    if (imported.startsWith("java.") || imported.startsWith("javax.")) {
      return true;
    }
    if (imported.startsWith(ROOT)) {
      String target = imported.substring(ROOT.length());
      return target.equals(pkg) || ALLOWED.get(pkg).contains(target);
    }
    return LIBRARIES.get(pkg).stream().anyMatch(imported::startsWith);
  }

  private static final Pattern SDK_CLASS =
      Pattern.compile("software\\.amazon\\.awssdk(\\.[a-z0-9]+)*\\.[A-Z]");

  @Test
  void onlyCloudAwsUsesTheAwsSdk() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<Path> offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.startsWith(MAIN.resolve("cloud/aws")))
              .filter(
                  p -> {
                    try {
                      return SDK_CLASS.matcher(Files.readString(p)).find();
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .toList();
      assertThat(offenders).isEmpty();
    }
  }
}
