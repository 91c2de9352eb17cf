package dev.statefulcluster.spec;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code volume}: the data volume each node gets. */
final class VolumeReader {
  static final String DEFAULT_DEVICE = "/dev/xvdh";
  static final String DEFAULT_MOUNT = "/data";

  /**
   * Directories the node's own system lives in, with everything inside them: a blank volume mounted
   * anywhere in there hides the system's files (on Amazon Linux 2023 /usr/bin holds the shell and
   * cfn-signal; cloud-init and cfn-hup keep their state under /var/lib). The node script refuses
   * the same lists (a test keeps them equal).
   */
  static final List<String> SYSTEM_TREES =
      List.of(
          "/bin",
          "/boot",
          "/dev",
          "/etc",
          "/lib",
          "/lib32",
          "/lib64",
          "/libx32",
          "/opt/aws",
          "/proc",
          "/root",
          "/run",
          "/sbin",
          "/sys",
          "/usr",
          "/var/cache",
          "/var/lib/cfn-hup",
          "/var/lib/cloud",
          "/var/log",
          "/var/spool");

  /**
   * Directories where the system's files and a service's own directories sit side by side: refused
   * themselves (a volume there would hide what the system keeps in them), allowed below, as in
   * /var/lib/kafka or /opt/kafka.
   */
  static final List<String> SYSTEM_PARENTS =
      List.of("/", "/home", "/opt", "/tmp", "/var", "/var/lib", "/var/tmp");

  private static final Pattern SAFE_PATH = Pattern.compile("^(/[A-Za-z0-9._-]+)+$");

  private VolumeReader() {}

  static VolumeSpec read(MapReader top) {
    Problems problems = top.problems();
    Optional<SourceNode> node = top.node("volume");
    if (node.isEmpty()) {
      top.missing("volume", "add 'volume:' with at least 'size:' (GiB)");
      return null;
    }
    MapReader r = MapReader.of(node.get(), "volume", "the data volume", problems, top.lines());
    Integer size = r.integer("size", true, 1, 65_536, "write the size in GiB, e.g. 100");
    String typeText = r.text("type", false, "write " + VolumeType.choices());
    VolumeType type = VolumeType.GP3;
    if (typeText != null) {
      type = VolumeType.of(typeText);
      if (type == null) {
        problems.add(
            r.lineOf("type"),
            "volume.type",
            "'" + typeText + "' is not a supported volume type; write " + VolumeType.choices());
      }
    }
    Integer iops = r.integer("iops", false, 1, 1_000_000, "write the provisioned IOPS");
    Integer throughput =
        r.integer("throughput", false, 1, 100_000, "write the throughput in MiB/s (gp3 only)");
    Boolean encrypted = r.bool("encrypted");
    String kmsKey = r.id("kmsKey", false, Ids.KMS_KEY);
    if (Boolean.FALSE.equals(encrypted) && kmsKey != null) {
      problems.add(
          r.lineOf("kmsKey"),
          "volume.kmsKey",
          "a KMS key encrypts the volume; remove" + " 'encrypted: false' or the key");
    }
    String device = r.id("device", false, Ids.DEVICE);
    String fsText = r.text("filesystem", false, "write xfs or ext4");
    Filesystem fs = Filesystem.XFS;
    if (fsText != null) {
      fs = Filesystem.of(fsText);
      if (fs == null) {
        problems.add(
            r.lineOf("filesystem"),
            "volume.filesystem",
            "'" + fsText + "' is not supported; write xfs or ext4");
      }
    }
    String mount = r.text("mountPoint", false, "write an absolute directory such as /data");
    boolean mountOk = mount == null || validMount(mount);
    if (!mountOk) {
      problems.add(r.lineOf("mountPoint"), "volume.mountPoint", mountComplaint(mount));
    }
    r.finish();
    if (size != null && type != null) {
      for (VolumeRules.Violation v : VolumeRules.check(type, size, iops, throughput)) {
        problems.add(r.lineOf(v.field()), "volume." + v.field(), v.message());
      }
    }
    if (size == null || type == null || fs == null || !mountOk) {
      return null;
    }
    return new VolumeSpec(
        size,
        type,
        iops,
        throughput,
        encrypted == null || encrypted,
        kmsKey,
        device != null ? device : DEFAULT_DEVICE,
        fs,
        mount != null ? mount : DEFAULT_MOUNT);
  }

  private static String mountComplaint(String mount) {
    String system = plainPath(mount) ? systemDir(mount) : null;
    if (system == null) {
      return "'"
          + mount
          + "' cannot be the mount point; write an absolute path of letters,"
          + " digits and ._- segments, outside the system's own directories, such as /data or"
          + " /var/lib/kafka";
    }
    return "'"
        + mount
        + "' "
        + (system.equals(mount) ? "is" : "is inside " + system + ",")
        + " a system directory: a blank volume there would hide the system's files; give the"
        + " volume a directory of its own such as /data or /var/lib/kafka";
  }

  static boolean validMount(String path) {
    return plainPath(path) && systemDir(path) == null;
  }

  private static boolean plainPath(String path) {
    return SAFE_PATH.matcher(path).matches()
        && !path.contains("/../")
        && !path.endsWith("/..")
        && !path.contains("/./")
        && !path.endsWith("/.")
        && path.length() <= 200;
  }

  /** The system directory {@code path} is or lies in, or null when it is a directory of its own. */
  static String systemDir(String path) {
    if (path.equals("/") || SYSTEM_PARENTS.contains(path)) {
      return path;
    }
    for (String tree : SYSTEM_TREES) {
      if (path.equals(tree) || path.startsWith(tree + "/")) {
        return tree;
      }
    }
    return null;
  }
}
