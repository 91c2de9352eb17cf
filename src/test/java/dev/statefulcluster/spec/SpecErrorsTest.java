package dev.statefulcluster.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in spec/errors/ is a broken cluster file whose "# expect:" header lines are the exact
 * messages a user must see, in order: all problems of a file at once, each with file, line, field
 * path and the fix.
 */
class SpecErrorsTest {
  static final Path DIR = Path.of("src/test/resources/spec/errors");

  static Stream<Path> files() throws IOException {
    return Files.list(DIR).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void reportsExactlyTheExpectedErrors(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<String> expected =
        text.lines()
            .filter(l -> l.startsWith("# expect: "))
            .map(l -> l.substring("# expect: ".length()))
            .toList();
    assertThat(expected).as("the file states what it expects").isNotEmpty();

    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> SpecReader.read(file.getFileName().toString(), text));

    assertThat(e).as("a broken file is refused").isNotNull();
    List<String> actual = e.errors().stream().map(SpecError::toString).toList();
    if (file.getFileName().toString().equals("not-yaml.yaml")) {
      assertThat(actual).singleElement().asString().startsWith(expected.get(0));
    } else {
      assertThat(actual).containsExactlyElementsOf(expected);
    }
  }
}
