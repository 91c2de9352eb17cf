package dev.statefulcluster.ops;

import dev.statefulcluster.spec.VolumeType;
import java.util.Objects;

/** A node's volume settings before and after a grow. Null iops/throughput: not provisioned. */
public record VolumeChange(
    int node,
    String volumeId,
    VolumeType type,
    int size,
    Integer iops,
    Integer throughput,
    int newSize,
    Integer newIops,
    Integer newThroughput) {

  public boolean changes() {
    return newSize != size
        || !Objects.equals(iops, newIops)
        || !Objects.equals(throughput, newThroughput);
  }

  public String describe() {
    StringBuilder out = new StringBuilder();
    part(out, "size", size + " GiB", newSize + " GiB");
    part(out, "iops", or(iops, ""), or(newIops, ""));
    part(out, "throughput", or(throughput, " MiB/s"), or(newThroughput, " MiB/s"));
    return out.length() == 0 ? "unchanged" : out.toString();
  }

  /** Unset IOPS or throughput means the volume type's baseline (gp3: 3000 IOPS, 125 MiB/s). */
  private static String or(Integer value, String unit) {
    return value == null ? "baseline" : value + unit;
  }

  private static void part(StringBuilder out, String what, String from, String to) {
    if (!from.equals(to)) {
      out.append(out.length() == 0 ? "" : ", ")
          .append(what)
          .append(' ')
          .append(from)
          .append(" -> ")
          .append(to);
    }
  }
}
