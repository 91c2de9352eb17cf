package dev.statefulcluster.synth.nodescript;

import static dev.statefulcluster.synth.nodescript.LoopDevice.GIB;
import static dev.statefulcluster.synth.nodescript.LoopDevice.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
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
 * grow on a mounted filesystem whose device got bigger (EBS ModifyVolume), now or a little later.
 */
class FilesystemGrowTest {

  /** CAP_SYS_RESOURCE: the kernel's condition for growing a mounted ext4. */
  private static final int CAP_SYS_RESOURCE = 24;

  @TempDir Path tmp;
  Sandbox box;

  @BeforeEach
  void setUp() {
    Host.assumeRootWith(
        "losetup",
        "mkfs.xfs",
        "mkfs.ext4",
        "xfs_growfs",
        "resize2fs",
        "blkid",
        "wipefs",
        "partx",
        "dash",
        "bash");
    box = new Sandbox(tmp);
  }

  @AfterEach
  void tearDown() {
    if (box != null) {
      box.close();
    }
  }

  private LoopDevice prepared(String fs, long bytes) {
    LoopDevice disk = box.disk("vol", bytes);
    box.linkById(box.volumeId, disk);
    Host.Result r = box.prepare(Shell.DASH, fs);
    assertThat(r.exit()).as(r.toString()).isZero();
    return disk;
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void mountedXfsGrowsWithItsDevice(Shell shell) throws IOException {
    LoopDevice disk = prepared("xfs", GIB);
    Files.writeString(box.mountDir().resolve("live"), "in use");
    disk.growTo(3 * GIB);

    Host.Result r = box.grow(shell);

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Sandbox.totalSpace(box.mountDir())).isGreaterThan(3 * GIB * 9 / 10);
    assertThat(box.mountDir().resolve("live")).hasContent("in use");
    assertThat(box.lastReport())
        .satisfies(
            rep -> {
              assertThat(rep.deviceBytes()).isEqualTo(3 * GIB);
              assertThat(rep.fsBytes()).isBetween(3 * GIB - 64 * MIB, 3 * GIB);
            });

    Host.Result again = box.grow(shell, "--wait", "0");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.err()).contains("already fills").doesNotContain("growing");
    assertThat(box.reports()).hasSize(3);
    assertThat(box.consoleText())
        .as("the same lines reach the serial console")
        .contains(
            "stateful-cluster: filesystem "
                + box.mountDir()
                + " volume "
                + box.volumeId
                + " fs_bytes ")
        .contains(" device_bytes " + 3 * GIB);
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void growStartedBeforeTheDeviceGrowsWaitsForIt(Shell shell) throws Exception {
    LoopDevice disk = prepared("xfs", GIB);
    Process p =
        box.start(
            shell,
            "grow",
            "grow",
            "--volume-id",
            box.volumeId,
            "--mount",
            box.mountDir().toString(),
            "--wait",
            "30");
    Thread.sleep(1500);
    assertThat(p.isAlive()).as("polling for the device to grow").isTrue();

    disk.growTo(2 * GIB);

    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(box.stderrOf("grow")).isZero();
    assertThat(box.stderrOf("grow"))
        .contains("waiting up to 30 s for the device to grow")
        .contains("growing xfs");
    assertThat(box.lastReport().fsBytes()).isBetween(2 * GIB - 64 * MIB, 2 * GIB);
  }

  @Test
  void withAnExpectedSizeGrowWaitsForTheDeviceToReachIt() throws Exception {
    LoopDevice disk = prepared("xfs", GIB);
    Process p =
        box.start(
            Shell.DASH,
            "grow",
            "grow",
            "--volume-id",
            box.volumeId,
            "--mount",
            box.mountDir().toString(),
            "--wait",
            "30",
            "--size-gib",
            "3");
    Thread.sleep(1000);
    disk.growTo(2 * GIB);
    Thread.sleep(1500);
    assertThat(p.isAlive()).as("2 GiB is not yet the 3 GiB asked for").isTrue();

    disk.growTo(3 * GIB);

    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(box.stderrOf("grow")).isZero();
    assertThat(box.lastReport().fsBytes()).isBetween(3 * GIB - 64 * MIB, 3 * GIB);
  }

  @Test
  void withAnExpectedSizeNotReachedInTimeGrowExitsEightForCfnHupToRetry() {
    LoopDevice disk = prepared("xfs", GIB);
    disk.growTo(2 * GIB);

    Host.Result r = box.grow(Shell.DASH, "--wait", "1", "--size-gib", "4");

    assertThat(r.exit()).as(r.toString()).isEqualTo(8);
    assertThat(r.err()).contains("not yet 4 GiB after 1 s");
    assertThat(box.lastReport().fsBytes())
        .as("what is there was grown meanwhile")
        .isBetween(2 * GIB - 64 * MIB, 2 * GIB);

    Host.Result met = box.grow(Shell.DASH, "--wait", "0", "--size-gib", "2");
    assertThat(met.exit()).as(met.toString()).isZero();
  }

  @Test
  void waitEndsWithNothingToDoWhenTheDeviceNeverGrows() {
    prepared("xfs", GIB);
    long start = System.nanoTime();

    Host.Result r = box.grow(Shell.DASH, "--wait", "2");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isGreaterThanOrEqualTo(2);
    assertThat(r.err()).contains("already fills");
    assertThat(box.lastReport().deviceBytes()).isEqualTo(GIB);
  }

  @Test
  void mountedExt4GrowsOnlineWhereTheKernelAllowsIt() {
    assumeThat(Host.hasCapability(CAP_SYS_RESOURCE))
        .as(
            "growing a mounted ext4 needs CAP_SYS_RESOURCE, which this process lacks (a container?)")
        .isTrue();
    LoopDevice disk = prepared("ext4", GIB);
    disk.growTo(2 * GIB);

    Host.Result r = box.grow(Shell.BASH);

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(box.lastReport().fsBytes()).isBetween(2 * GIB - 64 * MIB, 2 * GIB);
  }

  @Test
  void mountedExt4WithoutCapabilityFailsClearlyAndStaysMounted() {
    assumeThat(Host.hasCapability(CAP_SYS_RESOURCE))
        .as("only where the kernel refuses online ext4 growth (no CAP_SYS_RESOURCE)")
        .isFalse();
    LoopDevice disk = prepared("ext4", GIB);
    disk.growTo(2 * GIB);

    Host.Result r = box.grow(Shell.BASH);

    assertThat(r.exit()).as(r.toString()).isEqualTo(5);
    assertThat(r.err()).contains("CAP_SYS_RESOURCE");
    assertThat(Sandbox.mountedAt(box.mountDir()))
        .as("grow never unmounts a live filesystem")
        .isEqualTo(disk.majMin());
  }

  @Test
  void partitionedVolumeGrowsPartitionThenFilesystem() {
    Host.assumeTools("sfdisk", "growpart");
    LoopDevice disk = box.disk("vol", 400 * MIB);
    Host.must("sh", "-c", "printf 'label: gpt\\n,\\n' | sfdisk -q " + disk.path());
    Host.must("partx", "-a", disk.path());
    box.makeFilesystemWithMarker("xfs", disk.partition(1), "partitioned");
    box.linkById(box.volumeId, disk);
    assertThat(box.prepare(Shell.DASH, "xfs").exit()).isZero();
    disk.growTo(GIB + 512 * MIB);

    Host.Result r = box.grow(Shell.DASH);

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err()).contains("growing partition 1");
    long partition = Long.parseLong(Host.must("blockdev", "--getsize64", disk.partition(1)));
    assertThat(partition).isGreaterThan(GIB + 510 * MIB);
    assertThat(box.lastReport().fsBytes()).isBetween(partition - 64 * MIB, partition);
    assertThat(box.mountDir().resolve("marker")).hasContent("partitioned");
  }

  @Test
  void nothingMountedIsAConflictNotAFormat() {
    LoopDevice disk = box.disk("vol", GIB);
    box.linkById(box.volumeId, disk);

    Host.Result r = box.grow(Shell.DASH);

    assertThat(r.exit()).as(r.toString()).isEqualTo(6);
    assertThat(r.err())
        .contains("nothing is mounted at " + box.mountDir())
        .contains("run stateful-node prepare first");
    assertThat(Sandbox.blkid(disk.path(), "TYPE")).isEmpty();
  }

  @Test
  void mountPointServedByAnotherDeviceIsAConflict() throws IOException {
    LoopDevice other = box.disk("other", 320 * MIB);
    Host.must("mkfs.xfs", "-q", other.path());
    Files.createDirectories(box.mountDir());
    Host.must("mount", other.path(), box.mountDir().toString());
    LoopDevice disk = box.disk("vol", GIB);
    box.linkById(box.volumeId, disk);

    Host.Result r = box.grow(Shell.BASH);

    assertThat(r.exit()).as(r.toString()).isEqualTo(6);
    assertThat(r.err()).contains("which is not " + box.volumeId);
  }

  @Test
  void volumeNotAttachedIsDiskNotFound() {
    Host.Result r = box.grow(Shell.DASH);

    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains("no disk for " + box.volumeId + " after 0 s");
  }
}
