package dev.statefulcluster.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The EBS rules for one volume's size, IOPS and throughput, shared by the spec checks and by {@code
 * grow}, so that the file and the command refuse the same things with the same words.
 */
public final class VolumeRules {
  private VolumeRules() {}

  /** One broken rule: the field it is about ("size", "iops", "throughput") and why. */
  public record Violation(String field, String message) {}

  /** Checks a volume's settings; {@code iops} and {@code throughput} may be null (not set). */
  public static List<Violation> check(VolumeType type, int size, Integer iops, Integer throughput) {
    List<Violation> out = new ArrayList<>();
    if (size < type.minSize() || size > type.maxSize()) {
      out.add(
          new Violation(
              "size",
              type.id()
                  + " volumes are "
                  + type.minSize()
                  + " to "
                  + type.maxSize()
                  + " GiB, not "
                  + size));
    }
    if (iops != null) {
      if (!type.takesIops()) {
        out.add(
            new Violation(
                "iops",
                type.id()
                    + " volumes take no provisioned IOPS; remove iops"
                    + " or use gp3, io1 or io2"));
      } else if (iops < type.minIops() || iops > type.maxIops()) {
        out.add(
            new Violation(
                "iops",
                type.id()
                    + " volumes take "
                    + type.minIops()
                    + " to "
                    + type.maxIops()
                    + " IOPS, not "
                    + iops));
      } else if (iops > type.baselineIops() && (long) iops > (long) type.maxIopsPerGib() * size) {
        // gp3 has its baseline at any size: the per-GiB ratio only limits IOPS above it.
        long minSize = (iops + type.maxIopsPerGib() - 1) / type.maxIopsPerGib();
        out.add(
            new Violation(
                "iops",
                iops
                    + " IOPS need a "
                    + type.id()
                    + " volume of at least "
                    + minSize
                    + " GiB (at most "
                    + type.maxIopsPerGib()
                    + " IOPS per GiB), not "
                    + size));
      }
    } else if (type.requiresIops()) {
      out.add(
          new Violation(
              "iops",
              type.id()
                  + " volumes need provisioned IOPS; add iops ("
                  + type.minIops()
                  + " to "
                  + type.maxIops()
                  + ")"));
    }
    if (throughput != null) {
      if (!type.takesThroughput()) {
        out.add(new Violation("throughput", "only gp3 volumes take a throughput; remove it"));
      } else if (throughput < VolumeType.GP3_MIN_THROUGHPUT
          || throughput > VolumeType.GP3_MAX_THROUGHPUT) {
        out.add(
            new Violation(
                "throughput",
                "gp3 throughput is "
                    + VolumeType.GP3_MIN_THROUGHPUT
                    + " to "
                    + VolumeType.GP3_MAX_THROUGHPUT
                    + " MiB/s, not "
                    + throughput));
      } else {
        int effectiveIops = iops != null ? iops : type.minIops();
        double max = effectiveIops * VolumeType.GP3_MAX_MIBPS_PER_IOPS;
        if (throughput > max) {
          out.add(
              new Violation(
                  "throughput",
                  throughput
                      + " MiB/s needs at least "
                      + (int) Math.ceil(throughput / VolumeType.GP3_MAX_MIBPS_PER_IOPS)
                      + " IOPS (at most 0.25 MiB/s per IOPS); raise iops or lower throughput"));
        }
      }
    }
    return out;
  }
}
