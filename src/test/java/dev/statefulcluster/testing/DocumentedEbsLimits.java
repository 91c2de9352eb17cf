package dev.statefulcluster.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * AWS's documented EBS limits ({@code ebs/documented-limits.tsv}, sources inside), and whether EBS
 * accepts a volume by them: the oracle the product's rules and the model's are checked against,
 * over a grid of values around every boundary.
 */
public final class DocumentedEbsLimits {
  /** One volume type's row; null fields: the type takes no such setting. */
  public record Limits(
      String type,
      int minGib,
      int maxGib,
      Integer minIops,
      Integer maxIops,
      Integer iopsPerGib,
      Integer baselineIops,
      boolean iopsRequired,
      Integer minMibps,
      Integer maxMibps,
      Double mibpsPerIops,
      Integer baselineMibps) {}

  /** One volume to judge; {@code iops} and {@code throughput} null when not given. */
  public record Volume(String type, int size, Integer iops, Integer throughput) {
    @Override
    public String toString() {
      return type + " " + size + " GiB, iops " + iops + ", throughput " + throughput;
    }
  }

  public static final Map<String, Limits> TABLE = read();

  private DocumentedEbsLimits() {}

  /** Whether EBS takes this volume, by the documented limits. */
  public static boolean accepts(Volume v) {
    Limits l = TABLE.get(v.type());
    if (v.size() < l.minGib() || v.size() > l.maxGib()) {
      return false;
    }
    if (l.maxIops() == null) {
      if (v.iops() != null) {
        return false;
      }
    } else if (v.iops() == null) {
      if (l.iopsRequired()) {
        return false;
      }
    } else if (v.iops() < l.minIops()
        || v.iops() > l.maxIops()
        || v.iops() > l.baselineIops() && (long) v.iops() > (long) l.iopsPerGib() * v.size()) {
      return false;
    }
    if (v.throughput() == null) {
      return true;
    }
    if (l.maxMibps() == null) {
      return false;
    }
    int iops = v.iops() != null ? v.iops() : l.baselineIops();
    return v.throughput() >= l.minMibps()
        && v.throughput() <= l.maxMibps()
        && (v.throughput() <= l.baselineMibps() || v.throughput() <= iops * l.mibpsPerIops());
  }

  /** Values on and around every boundary of the table, for every type. */
  public static Stream<Volume> grid() {
    int[] sizes = {1, 3, 4, 5, 6, 7, 100, 124, 125, 126, 160, 16_384, 16_385, 65_536, 65_537};
    Integer[] iops = {
      null, 99, 100, 101, 249, 250, 2_999, 3_000, 3_001, 3_500, 8_000, 16_000, 63_999, 64_000,
      64_001, 79_999, 80_000, 80_001, 256_000, 256_001
    };
    Integer[] throughputs = {null, 124, 125, 126, 750, 751, 1_000, 1_999, 2_000, 2_001};
    List<Volume> out = new ArrayList<>();
    for (String type : TABLE.keySet()) {
      for (int size : sizes) {
        for (Integer i : iops) {
          for (Integer t : throughputs) {
            out.add(new Volume(type, size, i, t));
          }
        }
      }
    }
    return out.stream();
  }

  private static Map<String, Limits> read() {
    try (InputStream in =
        DocumentedEbsLimits.class.getResourceAsStream("/ebs/documented-limits.tsv")) {
      Map<String, Limits> out = new LinkedHashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        out.put(
            f[0],
            new Limits(
                f[0],
                Integer.parseInt(f[1]),
                Integer.parseInt(f[2]),
                num(f[3]),
                num(f[4]),
                num(f[5]),
                num(f[6]),
                Boolean.parseBoolean(f[7]),
                num(f[8]),
                num(f[9]),
                f[10].equals("-") ? null : Double.parseDouble(f[10]),
                num(f[11])));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Integer num(String field) {
    return field.equals("-") ? null : Integer.valueOf(field);
  }
}
