package dev.statefulcluster.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.synth.ResourceProperties;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The template's names are synth's to spell: operations reach a deployed stack's parameters,
 * outputs, logical ids and properties only through ClusterLayout, NodeLayout and
 * ResourceProperties. A source file in ops that names synth.Names, spells a per-node name, a
 * property name or the grow command's arguments fails this test.
 */
class LayoutContractTest {
  static final Path OPS = Path.of("src/main/java/dev/statefulcluster/ops");

  /** Per-node names ("Node3Volume", "Node" + n), NodeDown, and the grow command's size flag. */
  private static final Pattern SPELLED =
      Pattern.compile("\\bNames\\b|\"Node(\\d|\"|[A-Z])|\"NodeDown\"|--size-gib");

  @Test
  void opsSpellsNoNameOfTheTemplate() throws IOException {
    List<String> properties = propertyNames();
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(OPS)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          String where = OPS.relativize(file) + ":" + (i + 1) + ": ";
          boolean property = properties.stream().anyMatch(p -> line.contains("\"" + p + "\""));
          if (property || SPELLED.matcher(line).find()) {
            violations.add(where + line.strip());
          }
        }
      }
    }
    assertThat(violations).as("template names spelled in ops, not asked of the layout").isEmpty();
  }

  @Test
  void theScanKnowsThePropertyNames() {
    assertThat(propertyNames()).contains("SubnetId", "Size", "InstanceType", "BlockDeviceMappings");
  }

  private static List<String> propertyNames() {
    List<String> out = new ArrayList<>();
    for (Field f : ResourceProperties.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          out.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return out;
  }
}
