package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model imports only the JDK, Jackson and the port: nothing of the product, nothing of the SDK.
 */
class SimImportsTest {
  @Test
  void importsStayInsideTheAllowedPackages() throws IOException {
    Path dir = Path.of("src/sim/java/dev/statefulcluster/cloud/sim");
    List<String> offending;
    try (Stream<Path> files = Files.list(dir)) {
      offending =
          files
              .flatMap(
                  f ->
                      lines(f).stream()
                          .filter(l -> l.startsWith("import "))
                          .map(l -> f.getFileName() + ": " + l))
              .filter(
                  l ->
                      !l.matches(
                          ".*import (static )?(java\\.|com\\.fasterxml\\.jackson\\.|dev\\.statefulcluster\\.cloud\\.[A-Z]).*"))
              .toList();
    }
    assertThat(offending).isEmpty();
  }

  private static List<String> lines(Path f) {
    try {
      return Files.readAllLines(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
