package dev.statefulcluster.spec;

/**
 * EBS volume types a data volume may have, with the limits AWS documents for each. Source: Amazon
 * EBS User Guide, "Amazon EBS volume types" (gp3: 1–65,536 GiB, 3,000–80,000 IOPS, 125–2,000 MiB/s,
 * at most 0.25 MiB/s per IOPS and 500 IOPS per GiB; io1: 4–16,384 GiB, 100–64,000 IOPS, 50 IOPS per
 * GiB; io2 Block Express: 4–65,536 GiB, 100–256,000 IOPS, 1,000 IOPS per GiB; st1 and sc1:
 * 125–16,384 GiB, no provisioned IOPS or throughput), as summarised in docs/aws-facts.md.
 * EbsRulesGridTest checks the rules against that documented table.
 */
public enum VolumeType {
  GP3("gp3", 1, 65_536, 3_000, 80_000, 500, true),
  IO1("io1", 4, 16_384, 100, 64_000, 50, false),
  IO2("io2", 4, 65_536, 100, 256_000, 1_000, false),
  ST1("st1", 125, 16_384, 0, 0, 0, false),
  SC1("sc1", 125, 16_384, 0, 0, 0, false);

  /** gp3 throughput range in MiB/s and its ratio to IOPS. */
  public static final int GP3_MIN_THROUGHPUT = 125;

  public static final int GP3_MAX_THROUGHPUT = 2_000;
  public static final double GP3_MAX_MIBPS_PER_IOPS = 0.25;

  private final String id;
  private final int minSize;
  private final int maxSize;
  private final int minIops;
  private final int maxIops;
  private final int maxIopsPerGib;
  private final boolean throughput;

  VolumeType(
      String id,
      int minSize,
      int maxSize,
      int minIops,
      int maxIops,
      int maxIopsPerGib,
      boolean throughput) {
    this.id = id;
    this.minSize = minSize;
    this.maxSize = maxSize;
    this.minIops = minIops;
    this.maxIops = maxIops;
    this.maxIopsPerGib = maxIopsPerGib;
    this.throughput = throughput;
  }

  public String id() {
    return id;
  }

  public int minSize() {
    return minSize;
  }

  public int maxSize() {
    return maxSize;
  }

  public boolean takesIops() {
    return maxIops > 0;
  }

  /** io1 and io2 have no baseline: their IOPS must be given. */
  public boolean requiresIops() {
    return this == IO1 || this == IO2;
  }

  public int minIops() {
    return minIops;
  }

  public int maxIops() {
    return maxIops;
  }

  /** IOPS every volume of the type has whatever its size (gp3's 3,000); 0 when none. */
  public int baselineIops() {
    return this == GP3 ? minIops : 0;
  }

  public int maxIopsPerGib() {
    return maxIopsPerGib;
  }

  public boolean takesThroughput() {
    return throughput;
  }

  public static VolumeType of(String id) {
    for (VolumeType type : values()) {
      if (type.id.equals(id)) {
        return type;
      }
    }
    return null;
  }

  public static String choices() {
    return "gp3, io1, io2, st1 or sc1";
  }
}
