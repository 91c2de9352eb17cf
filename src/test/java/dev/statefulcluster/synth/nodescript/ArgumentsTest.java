package dev.statefulcluster.synth.nodescript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every value reaches a command line, so each is checked before anything runs: exit 2 and a message
 * naming the option and the fix. Runs as any user (checks come before the root check).
 */
class ArgumentsTest {

  @TempDir Path tmp;
  Sandbox box;

  @BeforeEach
  void setUp() {
    Host.assumeTools("dash", "bash");
    box = new Sandbox(tmp);
  }

  @AfterEach
  void tearDown() {
    if (box != null) {
      box.close();
    }
  }

  private Host.Result prepare(
      Shell shell, String volume, String fs, String mount, String... extra) {
    List<String> a =
        new ArrayList<>(List.of("prepare", "--volume-id", volume, "--fs", fs, "--mount", mount));
    a.addAll(List.of(extra));
    return box.run(shell, a.toArray(String[]::new));
  }

  @ParameterizedTest(name = "volume id [{0}]")
  @CsvSource({
    "vol-123",
    "vol-0123456789ABCDEF0",
    "vol-0123456789abcdef",
    "vol-0123456789abcdefg",
    "vol0123456789abcdef0",
    "i-0123456789abcdef0",
    "'vol-01234567;reboot'",
    "''"
  })
  void malformedVolumeIdIsRefused(String volume) {
    for (Shell shell : Shell.values()) {
      Host.Result r = prepare(shell, volume, "xfs", "/data");
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err())
          .containsAnyOf(
              "must be vol- and 8 or 17 lowercase hex digits", "--volume-id is required");
    }
  }

  @ParameterizedTest(name = "mount [{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "data | must be an absolute path",
        "/ | is a system directory",
        "/var/lib | is a system directory",
        "/etc | is a system directory",
        "/usr/bin | is a system directory or inside one",
        "/opt/aws/bin | is a system directory or inside one",
        "/etc/ssh | is a system directory or inside one",
        "/var/lib/cloud/instance | is a system directory or inside one",
        "/opt | is a system directory",
        "/data/ | must be a plain path",
        "/data/../etc | must be a plain path",
        "/da//ta | must be a plain path",
        "'/data dir' | may hold only letters",
        "'/data;rm -rf /' | may hold only letters",
        "/data$(reboot) | may hold only letters",
        "'' | --mount is required"
      })
  void unsafeMountPathIsRefused(String mount, String message) {
    for (Shell shell : Shell.values()) {
      Host.Result r = prepare(shell, box.volumeId, "ext4", mount);
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).contains(message);
    }
  }

  @Test
  void unsupportedFilesystemIsRefused() {
    Host.Result r = prepare(Shell.DASH, box.volumeId, "btrfs", "/data");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--fs 'btrfs' is not supported: use xfs or ext4");
  }

  @ParameterizedTest(name = "label [{1}] on {0}")
  @CsvSource({"xfs, thirteen-char", "ext4, seventeen-chars-x", "ext4, 'bad label'", "xfs, 'a$b'"})
  void labelOutsideTheFilesystemLimitsIsRefused(String fs, String label) {
    Host.Result r = prepare(Shell.BASH, box.volumeId, fs, "/data", "--label", label);
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--label '" + label + "'");
  }

  @Test
  void labelAtTheExt4LimitPassesTheChecks() {
    Host.assumeRootWith("losetup");
    // Valid arguments get past the checks and on to the disk search, which finds nothing here.
    Host.Result r = box.prepare(Shell.DASH, "ext4", "--label", "sixteen-chars-ok");
    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--device, /dev/nvme1n1",
    "--device, xvdh",
    "--device, '/dev/xvdh;x'",
    "--timeout, -1",
    "--timeout, 1e3",
    "--timeout, 9999999",
    "--colour, red"
  })
  void badOptionsForPrepareAreRefused(String option, String value) {
    Host.Result r = prepare(Shell.DASH, box.volumeId, "xfs", "/data", option, value);
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(option);
  }

  @Test
  void optionWithoutValueIsRefused() {
    Host.Result r = box.run(Shell.BASH, "grow", "--volume-id", box.volumeId, "--mount");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--mount needs a value");
  }

  @Test
  void growRefusesAFractionalWait() {
    Host.Result r =
        box.run(Shell.DASH, "grow", "--volume-id", box.volumeId, "--mount", "/data", "--wait=2.5");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--wait '2.5' must be a whole number of seconds");
  }

  @Test
  void waitHealthyNeedsATimeoutAndAReadableFile() throws java.io.IOException {
    String health = java.nio.file.Files.writeString(tmp.resolve("health.sh"), "true\n").toString();
    assertThat(box.run(Shell.DASH, "wait-healthy", health).err()).contains("--timeout is required");
    Host.Result missing =
        box.run(Shell.DASH, "wait-healthy", "--timeout", "5", tmp.resolve("nope.sh").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist or cannot be read");
    assertThat(
            box.run(Shell.BASH, "wait-healthy", "--timeout", "5", "--interval", "0", health).err())
        .contains("--interval must be at least 1 second");
  }

  @Test
  void unknownOrMissingCommandPointsToHelp() {
    Host.Result none = box.run(Shell.DASH);
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("no command given").contains("--help");
    Host.Result unknown = box.run(Shell.BASH, "format");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("unknown command 'format': use prepare, grow, wait-healthy or node-env");
    Host.Result help = box.run(Shell.DASH, "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("usage: stateful-node prepare").contains("exit codes");
  }
}
