package dev.statefulcluster.cloud.sim;

import java.util.Locale;
import java.util.Map;

/**
 * EBS volume limits per type, in one table. Source: Amazon EBS User Guide, "Amazon EBS volume
 * types" (2025): gp3 up to 65,536 GiB, 80,000 IOPS and 2,000 MiB/s (older pages: 16,384 GiB, 16,000
 * IOPS, 1,000 MiB/s), 500 IOPS per GiB above the 3,000 baseline and 0.25 MiB/s per IOPS; io1
 * 4–16,384 GiB, 100–64,000 IOPS at 50 per GiB; io2 4–65,536 GiB, 100–256,000 IOPS at 1,000 per GiB;
 * st1 and sc1 125–16,384 GiB; gp2 1–16,384 GiB; standard 1–1,024 GiB.
 */
final class EbsLimits {

  /** A volume's performance settings once defaults are applied. */
  record Config(String type, int size, Integer iops, Integer throughput) {}

  private record Limits(
      int minSize,
      int maxSize,
      Integer minIops,
      Integer maxIops,
      Integer iopsPerGib,
      Integer defaultIops,
      Integer minThroughput,
      Integer maxThroughput,
      Integer defaultThroughput) {}

  private static final Map<String, Limits> TABLE =
      Map.of(
          "gp3", new Limits(1, 65_536, 3_000, 80_000, 500, 3_000, 125, 2_000, 125),
          "gp2", new Limits(1, 16_384, null, null, null, null, null, null, null),
          "io1", new Limits(4, 16_384, 100, 64_000, 50, null, null, null, null),
          "io2", new Limits(4, 65_536, 100, 256_000, 1_000, null, null, null, null),
          "st1", new Limits(125, 16_384, null, null, null, null, null, null, null),
          "sc1", new Limits(125, 16_384, null, null, null, null, null, null, null),
          "standard", new Limits(1, 1_024, null, null, null, null, null, null, null));

  /** gp3 throughput per provisioned IOPS, MiB/s. */
  static final double GP3_THROUGHPUT_PER_IOPS = 0.25;

  private EbsLimits() {}

  /** Checks a configuration and fills in the type's defaults; errors as EC2 words them. */
  static Config check(String type, int size, Integer iops, Integer throughput) {
    String t = type == null ? "gp2" : type.toLowerCase(Locale.ROOT);
    Limits l = TABLE.get(t);
    if (l == null) {
      throw ApiErrors.service(
          "InvalidParameterValue", "Value (" + type + ") for parameter volumeType is invalid.");
    }
    if (size < l.minSize) {
      throw ApiErrors.service(
          "InvalidParameterValue",
          "Volume of " + size + "GiB is too small; minimum is " + l.minSize + "GiB.");
    }
    if (size > l.maxSize) {
      throw ApiErrors.service(
          "InvalidParameterValue",
          "Volume of " + size + "GiB is too large; maximum is " + l.maxSize + "GiB.");
    }
    if (l.minIops == null && iops != null) {
      throw ApiErrors.service(
          "InvalidParameterCombination",
          "The parameter iops is not supported for " + t + " volumes.");
    }
    if (l.minThroughput == null && throughput != null) {
      throw ApiErrors.service(
          "InvalidParameterCombination",
          "The parameter throughput is not supported for " + t + " volumes.");
    }
    if (l.minIops != null && iops == null && l.defaultIops == null) {
      throw ApiErrors.service(
          "MissingParameter", "The parameter iops must be specified for " + t + " volumes.");
    }
    Integer i = iops != null ? iops : l.defaultIops;
    if (i != null) {
      if (i < l.minIops) {
        throw ApiErrors.service(
            "InvalidParameterValue",
            "Volume iops of " + i + " is too low; minimum is " + l.minIops + ".");
      }
      if (i > l.maxIops) {
        throw ApiErrors.service(
            "InvalidParameterValue",
            "Volume iops of " + i + " is too high; maximum is " + l.maxIops + ".");
      }
      boolean aboveBaseline = l.defaultIops == null || i > l.defaultIops;
      if (aboveBaseline && (double) i / size > l.iopsPerGib) {
        throw ApiErrors.service(
            "InvalidParameterValue",
            String.format(
                Locale.ROOT,
                "Iops to volume size ratio of %.6f is too high; maximum is %.6f",
                (double) i / size,
                (double) l.iopsPerGib));
      }
    }
    Integer tp = throughput != null ? throughput : l.defaultThroughput;
    if (tp != null) {
      if (tp < l.minThroughput) {
        throw ApiErrors.service(
            "InvalidParameterValue",
            "Throughput of " + tp + " MiBps is too low; minimum is " + l.minThroughput + " MiBps.");
      }
      if (tp > l.maxThroughput) {
        throw ApiErrors.service(
            "InvalidParameterValue",
            "Throughput of "
                + tp
                + " MiBps is too high; maximum is "
                + l.maxThroughput
                + " MiBps.");
      }
      if (tp > l.defaultThroughput && tp > i * GP3_THROUGHPUT_PER_IOPS) {
        throw ApiErrors.service(
            "InvalidParameterValue",
            String.format(
                Locale.ROOT,
                "Throughput (MiBps) to iops ratio of %.6f is too high; maximum is %.6f MiBps per iops.",
                (double) tp / i,
                GP3_THROUGHPUT_PER_IOPS));
      }
    }
    return new Config(t, size, i, tp);
  }
}
