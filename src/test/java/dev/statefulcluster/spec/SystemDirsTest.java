package dev.statefulcluster.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.synth.NodeScript;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cluster file and the node script refuse the same mount points: a path the spec accepted
 * and the node refused would fail only at boot, on every node.
 */
class SystemDirsTest {
  @Test
  void specAndNodeScriptRefuseTheSameSystemDirectories() {
    Matcher m = Pattern.compile("\\n\\s*(/ \\| /bin[^)]*)\\)").matcher(NodeScript.text());
    assertThat(m.find()).as("the node script's list of system directories").isTrue();

    assertThat(Arrays.stream(m.group(1).split("\\|")).map(String::trim))
        .containsExactlyInAnyOrderElementsOf(VolumeReader.SYSTEM_DIRS);
  }

  @Test
  void specRefusesEverySystemDirectoryAndAcceptsDirectoriesBelowThem() {
    for (String dir : VolumeReader.SYSTEM_DIRS) {
      assertThat(VolumeReader.validMount(dir)).as(dir).isFalse();
    }
    assertThat(VolumeReader.validMount("/var/lib/kafka")).isTrue();
    assertThat(VolumeReader.validMount("/data")).isTrue();
    assertThat(VolumeReader.validMount("/data/")).isFalse();
    assertThat(VolumeReader.validMount("/data/../etc")).isFalse();
  }
}
