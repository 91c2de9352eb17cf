package dev.statefulcluster.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.synth.NodeScript;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cluster file and the node script refuse the same mount points: a path the spec accepted and
 * the node refused would fail only at boot, on every node.
 */
class SystemDirsTest {
  private static List<String> scriptPatterns(String firstPattern) {
    Matcher m =
        Pattern.compile("\\n\\s*(" + Pattern.quote(firstPattern) + " \\|[^)]*)\\)")
            .matcher(NodeScript.text());
    assertThat(m.find()).as("the node script's case starting with " + firstPattern).isTrue();
    return Arrays.stream(m.group(1).split("\\|")).map(String::trim).toList();
  }

  @Test
  void specAndNodeScriptRefuseTheSameSystemDirectories() {
    assertThat(scriptPatterns("/"))
        .containsExactlyInAnyOrderElementsOf(VolumeReader.SYSTEM_PARENTS);
    assertThat(scriptPatterns("/bin"))
        .containsExactlyInAnyOrderElementsOf(
            VolumeReader.SYSTEM_TREES.stream()
                .flatMap(d -> List.of(d, d + "/*").stream())
                .toList());
  }

  @Test
  void specRefusesEverySystemDirectoryAndEverythingInsideTheSystemsOwn() {
    for (String dir : VolumeReader.SYSTEM_PARENTS) {
      assertThat(VolumeReader.validMount(dir)).as(dir).isFalse();
    }
    for (String dir : VolumeReader.SYSTEM_TREES) {
      assertThat(VolumeReader.validMount(dir)).as(dir).isFalse();
      assertThat(VolumeReader.validMount(dir + "/data")).as(dir + "/data").isFalse();
    }
    for (String inside :
        List.of(
            "/usr/bin",
            "/opt/aws/bin",
            "/etc/ssh",
            "/bin/x",
            "/usr/local/lib",
            "/var/lib/cloud/instance",
            "/var/log/journal")) {
      assertThat(VolumeReader.validMount(inside)).as(inside).isFalse();
    }
  }

  @Test
  void specAcceptsDirectoriesOfTheirOwnBelowTheParents() {
    for (String own :
        List.of(
            "/data",
            "/var/lib/kafka",
            "/srv/x",
            "/opt/kafka",
            "/mnt/data",
            "/home/ec2-user/data",
            "/usrdata",
            "/var/library",
            "/opt/awscli-data",
            "/tmp/x/data")) {
      assertThat(VolumeReader.validMount(own)).as(own).isTrue();
    }
    assertThat(VolumeReader.validMount("/data/")).isFalse();
    assertThat(VolumeReader.validMount("/data/../etc")).isFalse();
  }
}
