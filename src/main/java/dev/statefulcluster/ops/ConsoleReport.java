package dev.statefulcluster.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line the node script writes to the kernel log after preparing or growing a volume, read back
 * from the instance's console output: how big the filesystem is, without any agent or permission on
 * the node. The node-script tests parse the real script's lines with this, so the script and the
 * reader cannot drift apart.
 */
public record ConsoleReport(String mount, String volumeId, long fsBytes, long deviceBytes) {
  private static final Pattern LINE =
      Pattern.compile(
          "stateful-cluster: filesystem (\\S+)"
              + " volume (vol-[0-9a-f]+) fs_bytes ([0-9]+) device_bytes ([0-9]+)");

  /** The last report about {@code volumeId} in {@code console}. */
  static Optional<ConsoleReport> last(String console, String volumeId) {
    ConsoleReport found = null;
    for (ConsoleReport r : all(console)) {
      if (r.volumeId().equals(volumeId)) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Every report in {@code console}, oldest first. */
  public static List<ConsoleReport> all(String console) {
    Matcher m = LINE.matcher(console == null ? "" : console);
    List<ConsoleReport> out = new ArrayList<>();
    while (m.find()) {
      out.add(
          new ConsoleReport(
              m.group(1), m.group(2), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
    }
    return out;
  }
}
