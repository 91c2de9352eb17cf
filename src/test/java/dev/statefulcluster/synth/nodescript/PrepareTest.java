package dev.statefulcluster.synth.nodescript;

import static dev.statefulcluster.synth.nodescript.LoopDevice.GIB;
import static dev.statefulcluster.synth.nodescript.LoopDevice.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.ops.ConsoleReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * prepare on loop devices standing in for EBS volumes: blank, restored from a smaller snapshot,
 * partitioned.
 */
class PrepareTest {

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

  @ParameterizedTest(name = "{0} under {1}")
  @CsvSource({"xfs, DASH", "xfs, BASH", "ext4, DASH", "ext4, BASH"})
  void blankVolumeIsFormattedMountedAndRecordedOnce(String fs, Shell shell) throws IOException {
    LoopDevice disk = box.disk("vol", GIB);
    box.linkById(box.volumeId, disk);

    Host.Result first = box.prepare(shell, fs);

    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(Sandbox.mountedAt(box.mountDir())).isEqualTo(disk.majMin());
    assertThat(Sandbox.blkid(disk.path(), "TYPE")).isEqualTo(fs);
    assertThat(Sandbox.blkid(disk.path(), "LABEL")).isEqualTo("data");
    String uuid = Sandbox.blkid(disk.path(), "UUID");
    assertThat(box.fstabEntriesForMount())
        .containsExactly("UUID=" + uuid + " " + box.mountDir() + " " + fs + " defaults,nofail 0 2");
    assertThat(box.fstabText()).startsWith(Sandbox.FSTAB_BEFORE);
    ConsoleReport report = box.lastReport();
    assertThat(report.mount()).isEqualTo(box.mountDir().toString());
    assertThat(report.volumeId()).isEqualTo(box.volumeId);
    assertThat(report.deviceBytes()).isEqualTo(GIB);
    assertThat(report.fsBytes()).isBetween(GIB - 64 * MIB, GIB);

    Files.writeString(box.mountDir().resolve("kafka-log"), "data written by the application");
    String fstabAfterFirst = box.fstabText();
    Host.Result second = box.prepare(shell, fs);

    assertThat(second.exit()).as(second.toString()).isZero();
    assertThat(Sandbox.blkid(disk.path(), "UUID")).as("not formatted again").isEqualTo(uuid);
    assertThat(box.mountDir().resolve("kafka-log")).hasContent("data written by the application");
    assertThat(box.fstabText()).isEqualTo(fstabAfterFirst);
    assertThat(second.err()).contains("already mounted at " + box.mountDir());
  }

  @ParameterizedTest(name = "{0} under {1}")
  @CsvSource({"xfs, DASH", "xfs, BASH", "ext4, DASH", "ext4, BASH"})
  void volumeRestoredFromSmallerSnapshotIsGrownToFullSize(String fs, Shell shell) {
    LoopDevice disk = box.disk("vol", 400 * MIB);
    box.makeFilesystemWithMarker(fs, disk.path(), "from the snapshot");
    disk.growTo(2 * GIB);
    box.linkById(box.volumeId, disk);

    Host.Result r = box.prepare(shell, fs);

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Sandbox.mountedAt(box.mountDir())).isEqualTo(disk.majMin());
    assertThat(box.mountDir().resolve("marker")).hasContent("from the snapshot");
    assertThat(Sandbox.totalSpace(box.mountDir())).isGreaterThan(2 * GIB * 9 / 10);
    assertThat(box.lastReport().fsBytes()).isBetween(2 * GIB - 64 * MIB, 2 * GIB);
    assertThat(box.fstabEntriesForMount()).hasSize(1);

    Host.Result again = box.prepare(shell, fs);
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.err()).doesNotContain("growing");
  }

  /**
   * A snapshot of a partitioned disk; kernelScanned says whether the kernel already shows the
   * partition.
   */
  @ParameterizedTest(name = "{0}, partition known to the kernel: {1}")
  @CsvSource({"xfs, true", "ext4, false"})
  void partitionedSnapshotGetsPartitionAndFilesystemGrown(String fs, boolean kernelScanned) {
    Host.assumeTools("sfdisk", "growpart");
    LoopDevice disk = box.disk("vol", 400 * MIB);
    Host.must("sh", "-c", "printf 'label: gpt\\n,\\n' | sfdisk -q " + disk.path());
    Host.must("partx", "-a", disk.path());
    box.makeFilesystemWithMarker(fs, disk.partition(1), "on a partition");
    if (!kernelScanned) {
      Host.must("partx", "-d", disk.path());
    }
    disk.growTo(2 * GIB);
    box.linkById(box.volumeId, disk);

    Host.Result r = box.prepare(Shell.DASH, fs);

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Sandbox.mountedAt(box.mountDir())).isEqualTo(LoopDevice.majMin(disk.partition(1)));
    assertThat(box.mountDir().resolve("marker")).hasContent("on a partition");
    long partition = Long.parseLong(Host.must("blockdev", "--getsize64", disk.partition(1)));
    assertThat(partition).isGreaterThan(2 * GIB - 2 * MIB);
    assertThat(box.lastReport().fsBytes()).isBetween(partition - 64 * MIB, partition);
    assertThat(box.lastReport().deviceBytes()).isEqualTo(2 * GIB);
    String uuid = Sandbox.blkid(disk.partition(1), "UUID");
    assertThat(box.fstabEntriesForMount())
        .containsExactly("UUID=" + uuid + " " + box.mountDir() + " " + fs + " defaults,nofail 0 2");

    Host.Result again = box.prepare(Shell.BASH, fs);
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.err()).doesNotContain("growing");
  }

  @Test
  void staleFstabLineForTheMountPointIsReplacedInPlaceAndOthersKept() throws IOException {
    String stale =
        "UUID=99999999-8888-7777-6666-555555555555 " + box.mountDir() + " xfs defaults 0 0\n";
    Files.writeString(
        box.fstab,
        Sandbox.FSTAB_BEFORE
            + stale
            + "/dev/xvdz /other ext4 defaults 0 2\n"
            + "/dev/xvdh "
            + box.mountDir()
            + " xfs defaults 0 0\n");
    LoopDevice disk = box.disk("vol", GIB);
    box.linkById(box.volumeId, disk);

    Host.Result r = box.prepare(Shell.DASH, "xfs");

    assertThat(r.exit()).as(r.toString()).isZero();
    String uuid = Sandbox.blkid(disk.path(), "UUID");
    assertThat(box.fstabText())
        .isEqualTo(
            Sandbox.FSTAB_BEFORE
                + "UUID="
                + uuid
                + " "
                + box.mountDir()
                + " xfs defaults,nofail 0 2\n"
                + "/dev/xvdz /other ext4 defaults 0 2\n");
  }

  @Test
  void labelOptionNamesTheNewFilesystem() {
    LoopDevice disk = box.disk("vol", GIB);
    box.linkById(box.volumeId, disk);

    Host.Result r = box.prepare(Shell.BASH, "ext4", "--label", "kafka-broker-16");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Sandbox.blkid(disk.path(), "LABEL")).isEqualTo("kafka-broker-16");
  }

  @Test
  void filesAlreadyInTheMountDirAreWarnedAbout() throws IOException {
    Files.createDirectories(box.mountDir());
    Files.writeString(box.mountDir().resolve("written-before-mount"), "on the root volume");
    LoopDevice disk = box.disk("vol", GIB);
    box.linkById(box.volumeId, disk);

    Host.Result r = box.prepare(Shell.DASH, "xfs");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err()).contains("warning: " + box.mountDir() + " is not empty");
    assertThat(box.mountDir().resolve("written-before-mount")).doesNotExist();
  }

  @Test
  void runAgainAfterTheMountWasLostMountsTheSameFilesystem() throws IOException {
    LoopDevice disk = box.disk("vol", GIB);
    box.linkById(box.volumeId, disk);
    assertThat(box.prepare(Shell.DASH, "xfs").exit()).isZero();
    Files.writeString(box.mountDir().resolve("kept"), "yes");
    String uuid = Sandbox.blkid(disk.path(), "UUID");
    Host.must("umount", box.mountDir().toString());

    Host.Result r = box.prepare(Shell.DASH, "xfs");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Sandbox.blkid(disk.path(), "UUID")).isEqualTo(uuid);
    assertThat(box.mountDir().resolve("kept")).hasContent("yes");
    assertThat(box.fstabEntriesForMount()).hasSize(1);
  }
}
