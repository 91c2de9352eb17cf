package dev.statefulcluster.synth.nodescript;

import static dev.statefulcluster.synth.nodescript.LoopDevice.GIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way prepare finds the volume's disk, waiting for a late attachment, and giving up clearly.
 */
class DiscoveryTest {

  @TempDir Path tmp;
  Sandbox box;

  @BeforeEach
  void setUp() {
    Host.assumeRootWith("losetup", "mkfs.xfs", "blkid", "wipefs", "dash", "bash");
    box = new Sandbox(tmp);
  }

  @AfterEach
  void tearDown() {
    if (box != null) {
      box.close();
    }
  }

  @Test
  void nvmeSerialInSysfs() {
    LoopDevice decoy = box.disk("root", GIB);
    box.serialInSysfs(decoy, Sandbox.serialOf(Sandbox.randomVolumeId()));
    LoopDevice disk = box.disk("vol", GIB);
    box.serialInSysfs(disk, Sandbox.serialOf(box.volumeId));

    Host.Result r =
        Host.run(
            java.util.List.of(
                "dash",
                box.script.toString(),
                "prepare",
                "--volume-id",
                box.volumeId,
                "--fs",
                "xfs",
                "--mount",
                box.mountDir().toString(),
                "--timeout",
                "0"),
            withRealDevDir(),
            java.time.Duration.ofMinutes(1));

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err())
        .contains("found " + box.volumeId + ": " + disk.path() + " (NVMe serial in " + box.sysfs);
    assertThat(Sandbox.mountedAt(box.mountDir())).isEqualTo(disk.majMin());
    assertThat(Sandbox.blkid(decoy.path(), "TYPE")).isEmpty();
  }

  /** The serial path names the kernel's device; it is looked up in the real /dev. */
  private java.util.Map<String, String> withRealDevDir() {
    java.util.Map<String, String> env = new java.util.HashMap<>(box.env());
    env.remove("STATEFUL_NODE_DEV_DIR");
    return env;
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void xenDeviceNameThroughItsSdAlias(Shell shell) {
    LoopDevice disk = box.disk("vol", GIB);
    box.deviceName("sdh", disk);

    Host.Result r = box.prepare(shell, "xfs", "--device", "/dev/xvdh");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err()).contains("(device name " + box.devDir.resolve("sdh") + ")");
    assertThat(Sandbox.mountedAt(box.mountDir())).isEqualTo(disk.majMin());
  }

  @Test
  void twoDisksClaimingTheSerialAreRefused() {
    LoopDevice a = box.disk("a", GIB);
    LoopDevice b = box.disk("b", GIB);
    box.serialInSysfs(a, Sandbox.serialOf(box.volumeId));
    box.serialInSysfs(b, Sandbox.serialOf(box.volumeId));

    Host.Result r = box.prepare(Shell.DASH, "xfs");

    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("refusing to guess");
    assertThat(Sandbox.blkid(a.path(), "TYPE")).isEmpty();
    assertThat(Sandbox.blkid(b.path(), "TYPE")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void waitsForADiskThatIsAttachedLate(Shell shell) throws Exception {
    LoopDevice disk = box.disk("vol", GIB);
    Process p =
        box.start(
            shell,
            "late",
            "prepare",
            "--volume-id",
            box.volumeId,
            "--fs",
            "xfs",
            "--mount",
            box.mountDir().toString(),
            "--timeout",
            "30");
    Thread.sleep(1500);
    assertThat(p.isAlive()).as("still waiting for the disk").isTrue();
    box.linkById(box.volumeId, disk);

    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(box.stderrOf("late")).isZero();
    assertThat(box.stderrOf("late")).contains("waiting up to 30 s for the disk of " + box.volumeId);
    assertThat(Sandbox.mountedAt(box.mountDir())).isEqualTo(disk.majMin());
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void diskThatNeverAppearsTimesOutNamingWhatWasLookedFor(Shell shell) {
    long start = System.nanoTime();

    Host.Result r = box.prepare(shell, "xfs", "--timeout", "2", "--device", "/dev/sdf");

    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    assertThat(r.err())
        .contains("no disk for " + box.volumeId + " after 2 s")
        .contains("NVMe serial " + Sandbox.serialOf(box.volumeId))
        .contains(box.byId + "/nvme-Amazon_Elastic_Block_Store_" + Sandbox.serialOf(box.volumeId))
        .contains(box.devDir + "/sdf or " + box.devDir + "/xvdf")
        .contains("Is the volume attached to this instance?");
    assertThat(seconds).isBetween(2L, 10L);
    assertThat(Files.exists(box.mountDir())).as("mount dir is created before waiting").isTrue();
    assertThat(box.fstabText()).isEqualTo(Sandbox.FSTAB_BEFORE);
  }
}
