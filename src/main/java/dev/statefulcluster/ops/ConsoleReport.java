package dev.statefulcluster.ops;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line the node script writes to the kernel log after preparing or growing a volume, read
 * back from the instance's console output: how big the filesystem is, without any agent or
 * permission on the node.
 */
record ConsoleReport(String mount, String volumeId, long fsBytes, long deviceBytes) {
  private static final Pattern LINE = Pattern.compile("stateful-cluster: filesystem (\\S+)"
      + " volume (vol-[0-9a-f]+) fs_bytes ([0-9]+) device_bytes ([0-9]+)");

  /** The last report about {@code volumeId} in {@code console}. */
  static Optional<ConsoleReport> last(String console, String volumeId) {
    Matcher m = LINE.matcher(console == null ? "" : console);
    ConsoleReport found = null;
    while (m.find()) {
      if (m.group(2).equals(volumeId)) {
        found = new ConsoleReport(m.group(1), m.group(2), Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4)));
      }
    }
    return Optional.ofNullable(found);
  }
}
