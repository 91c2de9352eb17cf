package dev.statefulcluster.synth.nodescript;

import dev.statefulcluster.ops.ConsoleReport;
import dev.statefulcluster.synth.NodeScript;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One test's world: the script extracted to a temp dir, fake /dev/disk/by-id, /sys and /dev trees
 * (the script's documented overrides), its own fstab and kernel-log file, a random volume id, and
 * the loop devices it made. {@link #close()} unmounts everything under its dir and detaches its
 * loop devices, also after a failure.
 */
final class Sandbox implements AutoCloseable {

  static final String FSTAB_BEFORE =
      "# /etc/fstab: static file system information.\n"
          + "UUID=11111111-2222-3333-4444-555555555555 / ext4 defaults 0 1\n"
          + "tmpfs /scratch tmpfs defaults 0 0\n";

  final Path root;
  final Path byId;
  final Path sysfs;
  final Path devDir;
  final Path fstab;
  final Path kmsg;
  final Path console;
  final Path script;
  final String volumeId;
  private final List<LoopDevice> loops = new ArrayList<>();

  Sandbox(Path root) {
    this.root = root;
    this.byId = root.resolve("by-id");
    this.sysfs = root.resolve("sys");
    this.devDir = root.resolve("dev");
    this.fstab = root.resolve("fstab");
    this.kmsg = root.resolve("kmsg");
    this.console = root.resolve("console");
    this.script = root.resolve("stateful-node.sh");
    this.volumeId = randomVolumeId();
    try {
      Files.createDirectories(byId);
      Files.createDirectories(sysfs.resolve("block"));
      Files.createDirectories(devDir);
      Files.writeString(fstab, FSTAB_BEFORE);
      Files.writeString(kmsg, "");
      Files.writeString(console, "");
      // What nodes run: the source without its comment lines.
      Files.writeString(script, NodeScript.shipped());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String randomVolumeId() {
    byte[] b = new byte[9];
    ThreadLocalRandom.current().nextBytes(b);
    return "vol-" + HexFormat.of().formatHex(b).substring(0, 17);
  }

  /** vol-0abc… → vol0abc…, the NVMe serial of an EBS volume. */
  static String serialOf(String volumeId) {
    return volumeId.replace("-", "");
  }

  Path mountDir() {
    return root.resolve("mnt").resolve("data");
  }

  /** A new sparse loop device of the given size. */
  LoopDevice disk(String name, long bytes) {
    return attach(LoopDevice.sparseFile(root.resolve(name + ".img"), bytes));
  }

  LoopDevice attach(Path backing) {
    LoopDevice d = LoopDevice.attach(backing);
    loops.add(d);
    return d;
  }

  /** The udev link an NVMe EBS volume gets: by-id/nvme-Amazon_Elastic_Block_Store_vol… → device. */
  void linkById(String volumeId, LoopDevice d) {
    symlink(byId.resolve("nvme-Amazon_Elastic_Block_Store_" + serialOf(volumeId)), d.path());
  }

  /** What the kernel shows for an NVMe disk: sys/block/NAME/device/serial, padded like EBS's. */
  void serialInSysfs(LoopDevice d, String serial) {
    try {
      Path dir =
          Files.createDirectories(sysfs.resolve("block").resolve(d.name()).resolve("device"));
      Files.writeString(dir.resolve("serial"), String.format("%-20s%n", serial));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A device name under the fake /dev (e.g. xvdh, as Xen or amazon-ec2-utils make it). */
  void deviceName(String name, LoopDevice d) {
    symlink(devDir.resolve(name), d.path());
  }

  private static void symlink(Path link, String target) {
    try {
      Files.createSymbolicLink(link, Path.of(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Map<String, String> env() {
    return Map.of(
        "STATEFUL_NODE_BYID_DIR", byId.toString(),
        "STATEFUL_NODE_SYSFS", sysfs.toString(),
        "STATEFUL_NODE_DEV_DIR", devDir.toString(),
        "STATEFUL_NODE_FSTAB", fstab.toString(),
        "STATEFUL_NODE_KMSG", kmsg.toString(),
        "STATEFUL_NODE_CONSOLE", console.toString(),
        "STATEFUL_NODE_ENV_DIR", envDir().toString());
  }

  /** Where node-env keeps self.env, cluster.env and node.env. */
  Path envDir() {
    return console.getParent().resolve("etc-stateful-cluster");
  }

  /** What the script wrote to the (stand-in) serial console. */
  String consoleText() {
    return read(console);
  }

  /** Runs the script under a shell, with this sandbox's overrides, and waits for it. */
  Host.Result run(Shell shell, String... args) {
    return Host.run(command(shell, args), env(), Duration.ofMinutes(2));
  }

  /** Starts the script in the background; output goes to files under the sandbox. */
  Process start(Shell shell, String name, String... args) {
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command(shell, args))
              .redirectOutput(root.resolve(name + ".out").toFile())
              .redirectError(root.resolve(name + ".err").toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment()
          .put("PATH", pb.environment().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
      pb.environment().putAll(env());
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String stderrOf(String name) {
    return read(root.resolve(name + ".err"));
  }

  private List<String> command(Shell shell, String... args) {
    List<String> c = new ArrayList<>(List.of(shell.command(), script.toString()));
    c.addAll(List.of(args));
    return c;
  }

  /** prepare for this sandbox's volume, mounted at {@link #mountDir()}, plus extra options. */
  Host.Result prepare(Shell shell, String fs, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "prepare",
                "--volume-id",
                volumeId,
                "--fs",
                fs,
                "--mount",
                mountDir().toString(),
                "--timeout",
                "0"));
    a.addAll(List.of(extra));
    return run(shell, a.toArray(String[]::new));
  }

  Host.Result grow(Shell shell, String... extra) {
    List<String> a =
        new ArrayList<>(List.of("grow", "--volume-id", volumeId, "--mount", mountDir().toString()));
    a.addAll(List.of(extra));
    return run(shell, a.toArray(String[]::new));
  }

  String fstabText() {
    return read(fstab);
  }

  /** fstab lines that mount the sandbox's mount dir. */
  List<String> fstabEntriesForMount() {
    return fstabText()
        .lines()
        .filter(l -> !l.startsWith("#"))
        .filter(l -> l.split("\\s+").length > 1 && l.split("\\s+")[1].equals(mountDir().toString()))
        .toList();
  }

  /**
   * The report lines the script wrote to the kernel log, oldest first, read as the tool reads them
   * from a console: a line the tool's reader cannot parse does not count.
   */
  List<ConsoleReport> reports() {
    return ConsoleReport.all(read(kmsg));
  }

  ConsoleReport lastReport() {
    List<ConsoleReport> r = reports();
    if (r.isEmpty()) {
      throw new AssertionError("no report line in " + kmsg + ":\n" + read(kmsg));
    }
    return r.get(r.size() - 1);
  }

  /** maj:min of what is mounted at dir, null when nothing is. */
  static String mountedAt(Path dir) {
    String found = null;
    for (String line : read(Path.of("/proc/self/mountinfo")).lines().toList()) {
      String[] f = line.split(" ");
      if (f[4].equals(dir.toString())) {
        found = f[2];
      }
    }
    return found;
  }

  /** Total size of the filesystem mounted at dir, as statfs reports it (after fs overhead). */
  static long totalSpace(Path dir) {
    try {
      return Files.getFileStore(dir).getTotalSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String blkid(String device, String tag) {
    Host.Result r =
        Host.run(
            List.of("blkid", "-p", "-s", tag, "-o", "value", device),
            Map.of(),
            Duration.ofSeconds(30));
    return r.out().trim();
  }

  /** Formats a device or file, mounts it at a scratch dir to write a marker file, unmounts it. */
  void makeFilesystemWithMarker(String fs, String device, String marker) {
    if (fs.equals("xfs")) {
      Host.must("mkfs.xfs", "-q", device);
    } else {
      Host.must("mkfs.ext4", "-q", "-F", device);
    }
    Path scratch = root.resolve("scratch");
    try {
      Files.createDirectories(scratch);
      Host.must("mount", device, scratch.toString());
      try {
        Files.writeString(scratch.resolve("marker"), marker);
      } finally {
        Host.must("umount", scratch.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    List<String> mounts = new ArrayList<>();
    for (String line : read(Path.of("/proc/self/mountinfo")).lines().toList()) {
      String mountPoint = line.split(" ")[4];
      if (mountPoint.startsWith(root + "/")) {
        mounts.add(mountPoint);
      }
    }
    Collections.reverse(mounts);
    for (String m : mounts) {
      Host.quietly("umount", m);
      if (mountedAt(Path.of(m)) != null) {
        Host.quietly("umount", "-l", m);
      }
    }
    for (LoopDevice d : loops) {
      d.detach();
    }
    deleteLinks(byId);
    deleteLinks(devDir);
    try {
      // the script's per-volume lock; the volume id was random, so nothing else uses it
      Files.deleteIfExists(Path.of("/run/lock/stateful-node." + volumeId + ".lock"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Links into the real /dev, removed here so that the temp dir cleanup has nothing to warn about.
   */
  private static void deleteLinks(Path dir) {
    try (var links = Files.list(dir)) {
      for (Path p : links.filter(Files::isSymbolicLink).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
