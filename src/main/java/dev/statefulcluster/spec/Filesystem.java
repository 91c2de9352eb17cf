package dev.statefulcluster.spec;

/** The filesystems the node script can make, check and grow. */
public enum Filesystem {
  XFS("xfs"),
  EXT4("ext4");

  private final String id;

  Filesystem(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Filesystem of(String id) {
    for (Filesystem fs : values()) {
      if (fs.id.equals(id)) {
        return fs;
      }
    }
    return null;
  }
}
