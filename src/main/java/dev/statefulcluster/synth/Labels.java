package dev.statefulcluster.synth;

import dev.statefulcluster.spec.Filesystem;

/**
 * Filesystem labels: cluster name and node number, cut to what the filesystem allows (xfs 12
 * characters, ext4 16), so a disk found on a rescue machine says whose data it holds.
 */
final class Labels {
  private Labels() {}

  static String of(String cluster, int node, Filesystem fs) {
    int max = fs == Filesystem.XFS ? 12 : 16;
    String suffix = "-" + node;
    String prefix = cluster.substring(0, Math.min(cluster.length(), max - suffix.length()));
    while (prefix.endsWith("-")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix + suffix;
  }
}
