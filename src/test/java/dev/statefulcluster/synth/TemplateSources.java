package dev.statefulcluster.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The cluster files every template test runs over: the shipped examples and the test specs. */
final class TemplateSources {
  static final Path GOLDEN = Path.of("src/test/resources/golden");

  private TemplateSources() {}

  static Stream<Path> all() {
    return Stream.concat(yamlIn(Path.of("examples")), yamlIn(Path.of("src/test/resources/synth")));
  }

  static String name(Path spec) {
    return spec.getFileName().toString().replaceFirst("\\.yaml$", "");
  }

  private static Stream<Path> yamlIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
