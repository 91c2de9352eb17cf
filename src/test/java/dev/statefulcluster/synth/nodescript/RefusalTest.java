package dev.statefulcluster.synth.nodescript;

import static dev.statefulcluster.synth.nodescript.LoopDevice.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Anything but a blank disk or the expected filesystem is refused with exit 4, and the disk reads
 * exactly as before: same checksum, nothing mounted, fstab untouched.
 */
class RefusalTest {

  @TempDir Path tmp;
  Sandbox box;

  @BeforeEach
  void setUp() {
    Host.assumeRootWith(
        "losetup", "mkfs.xfs", "mkfs.ext4", "blkid", "wipefs", "partx", "dash", "bash");
    box = new Sandbox(tmp);
  }

  @AfterEach
  void tearDown() {
    if (box != null) {
      box.close();
    }
  }

  /** Runs prepare for the sandbox volume and checks the refusal left everything as it was. */
  private Host.Result assertRefused(LoopDevice disk, Shell shell, String fs, String reason) {
    String before = disk.sha256();

    Host.Result r = box.prepare(shell, fs);

    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains(reason).contains("nothing was written");
    assertThat(disk.sha256()).as("device content").isEqualTo(before);
    assertThat(Sandbox.mountedAt(box.mountDir())).isNull();
    assertThat(box.fstabText()).isEqualTo(Sandbox.FSTAB_BEFORE);
    assertThat(box.reports()).isEmpty();
    return r;
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void luksHeader(Shell shell) {
    Host.assumeTools("cryptsetup");
    Path file = LoopDevice.sparseFile(tmp.resolve("luks.img"), 64 * MIB);
    Host.must(
        "sh",
        "-c",
        "printf secret | cryptsetup luksFormat -q --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file - "
            + file);
    LoopDevice disk = box.attach(file);
    box.linkById(box.volumeId, disk);

    assertRefused(disk, shell, "xfs", "holds crypto_LUKS");
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void lvmPhysicalVolume(Shell shell) {
    Host.assumeTools("pvcreate");
    LoopDevice disk = box.disk("pv", 64 * MIB);
    Host.must("pvcreate", "-q", "-y", "--devices", disk.path(), disk.path());
    box.linkById(box.volumeId, disk);

    assertRefused(disk, shell, "ext4", "holds LVM2_member");
  }

  @Test
  void twoPartitions() {
    Host.assumeTools("sfdisk");
    LoopDevice disk = box.disk("parts", 64 * MIB);
    Host.must("sh", "-c", "printf 'label: gpt\\n,20M\\n,\\n' | sfdisk -q " + disk.path());
    box.linkById(box.volumeId, disk);

    assertRefused(disk, Shell.DASH, "xfs", "with 2 partitions");
  }

  @Test
  void singlePartitionWithAnotherFilesystem() {
    Host.assumeTools("sfdisk");
    LoopDevice disk = box.disk("part", 64 * MIB);
    Host.must("sh", "-c", "printf 'label: gpt\\n,\\n' | sfdisk -q " + disk.path());
    Host.must("partx", "-a", disk.path());
    Host.must("mkfs.ext4", "-q", disk.partition(1));
    box.linkById(box.volumeId, disk);

    assertRefused(disk, Shell.BASH, "xfs", "with ext4 on it, not xfs");
  }

  @Test
  void ext4WhenXfsIsExpected() {
    LoopDevice disk = box.disk("ext4", 64 * MIB);
    Host.must("mkfs.ext4", "-q", disk.path());
    box.linkById(box.volumeId, disk);

    assertRefused(disk, Shell.DASH, "xfs", "holds ext4 (filesystem), not xfs");
  }

  @Test
  void xfsWhenExt4IsExpected() {
    LoopDevice disk = box.disk("xfs", 320 * MIB);
    Host.must("mkfs.xfs", "-q", disk.path());
    box.linkById(box.volumeId, disk);

    assertRefused(disk, Shell.BASH, "ext4", "holds xfs (filesystem), not ext4");
  }

  @Test
  void randomBytesInTheFirstMibWithoutAnySignature() throws IOException {
    LoopDevice disk = box.disk("random", 64 * MIB);
    writeRandom(disk, 0);
    assertThat(
            Host.run(
                    java.util.List.of("blkid", "-p", disk.path()),
                    java.util.Map.of(),
                    java.time.Duration.ofSeconds(10))
                .exit())
        .as("blkid sees no signature in these bytes")
        .isEqualTo(2);
    box.linkById(box.volumeId, disk);

    assertRefused(disk, Shell.DASH, "xfs", "first or last MiB holds data");
  }

  @Test
  void randomBytesInTheLastMib() throws IOException {
    LoopDevice disk = box.disk("random", 64 * MIB);
    writeRandom(disk, 63 * MIB + 4096);
    box.linkById(box.volumeId, disk);

    assertRefused(disk, Shell.BASH, "ext4", "first or last MiB holds data");
  }

  @Test
  void twoFilesystemSignaturesMakeTheProbeAmbivalent() {
    LoopDevice disk = box.disk("both", 320 * MIB);
    Path xfs = LoopDevice.sparseFile(tmp.resolve("xfs-only.img"), 320 * MIB);
    Host.must("mkfs.xfs", "-q", xfs.toString());
    Host.must("mkfs.ext4", "-q", disk.path());
    // ext4 leaves its first KiB unused; an xfs superblock there makes two claims on one disk.
    Host.must(
        "dd", "if=" + xfs, "of=" + disk.path(), "bs=512", "count=1", "conv=notrunc", "status=none");
    box.linkById(box.volumeId, disk);

    assertRefused(disk, Shell.DASH, "ext4", "several signatures");
  }

  @Test
  void diskLinkedByIdThatReportsAnotherVolumesSerial() {
    LoopDevice disk = box.disk("other", 64 * MIB);
    String other = Sandbox.randomVolumeId();
    box.linkById(box.volumeId, disk);
    box.serialInSysfs(disk, Sandbox.serialOf(other));

    assertRefused(
        disk,
        Shell.DASH,
        "xfs",
        "which is volume " + Sandbox.serialOf(other) + ", not " + box.volumeId);
  }

  @Test
  void deviceNameOfAnotherVolumeOnNitro() {
    LoopDevice disk = box.disk("other", 64 * MIB);
    box.deviceName("xvdh", disk);
    box.serialInSysfs(disk, Sandbox.serialOf(Sandbox.randomVolumeId()));
    String before = disk.sha256();

    Host.Result r = box.prepare(Shell.BASH, "xfs", "--device", "/dev/xvdh");

    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(r.err())
        .contains("device name " + box.devDir.resolve("xvdh"))
        .contains("refusing to touch it");
    assertThat(disk.sha256()).isEqualTo(before);
  }

  @Test
  void mountPointAlreadyInUseByAnotherDevice() throws IOException {
    LoopDevice other = box.disk("other", 64 * MIB);
    Host.must("mkfs.ext4", "-q", other.path());
    java.nio.file.Files.createDirectories(box.mountDir());
    Host.must("mount", other.path(), box.mountDir().toString());
    LoopDevice disk = box.disk("vol", 64 * MIB);
    box.linkById(box.volumeId, disk);
    String before = disk.sha256();

    Host.Result r = box.prepare(Shell.DASH, "ext4");

    assertThat(r.exit()).as(r.toString()).isEqualTo(6);
    assertThat(r.err()).contains("refusing to mount over it");
    assertThat(disk.sha256()).isEqualTo(before);
    assertThat(Sandbox.mountedAt(box.mountDir())).isEqualTo(other.majMin());
    assertThat(box.fstabText()).isEqualTo(Sandbox.FSTAB_BEFORE);
  }

  @Test
  void filesystemAlreadyMountedElsewhereIsAConflict() {
    LoopDevice disk = box.disk("vol", 64 * MIB);
    box.linkById(box.volumeId, disk);
    assertThat(box.prepare(Shell.DASH, "ext4").exit()).isZero();
    String fstab = box.fstabText();

    Host.Result r =
        box.run(
            Shell.BASH,
            "prepare",
            "--volume-id",
            box.volumeId,
            "--fs",
            "ext4",
            "--mount",
            tmp.resolve("elsewhere").toString(),
            "--timeout",
            "0");

    assertThat(r.exit()).as(r.toString()).isEqualTo(6);
    assertThat(r.err()).contains(disk.path() + " is already mounted at " + box.mountDir());
    assertThat(Sandbox.mountedAt(tmp.resolve("elsewhere"))).isNull();
    assertThat(box.fstabText()).isEqualTo(fstab);
  }

  private static void writeRandom(LoopDevice disk, long offset) throws IOException {
    byte[] noise = new byte[256 * 1024];
    new Random(42).nextBytes(noise);
    try (RandomAccessFile f = new RandomAccessFile(disk.path(), "rw")) {
      f.seek(offset);
      f.write(noise);
    }
  }
}
