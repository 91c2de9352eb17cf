package dev.statefulcluster.cli;

import dev.statefulcluster.spec.Durations;
import dev.statefulcluster.spec.Ids;
import dev.statefulcluster.spec.TagRules;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for option values that can never be right whatever AWS holds: picocli calls them as it
 * reads the command line, so such a value is a usage error (exit 2, "Invalid value for option …")
 * before any file is read or any call is made.
 */
final class OptionValues {
  private OptionValues() {}

  /** {@code --nodes} as given, refused when it names a node twice. */
  static List<Integer> distinct(List<Integer> nodes) {
    Set<Integer> seen = new HashSet<>();
    for (int n : nodes) {
      if (!seen.add(n)) {
        throw new CliException(
            ExitCode.USAGE, "--nodes lists node" + n + " twice; list each node once");
      }
    }
    return nodes;
  }

  /** A cluster (stack) name, as the file's {@code name} must be. */
  static final class ClusterName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!Ids.CLUSTER_NAME.matches(value)) {
        throw new TypeConversionException(Ids.CLUSTER_NAME.complaint(value));
      }
      return value;
    }
  }

  /** A whole number within a range, named in the complaint. */
  abstract static class Bounded implements ITypeConverter<Integer> {
    private final String what;
    private final int min;
    private final int max;

    Bounded(String what, int min, int max) {
      this.what = what;
      this.min = min;
      this.max = max;
    }

    @Override
    public Integer convert(String value) {
      long n;
      try {
        n = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a whole number");
      }
      if (n < min || n > max) {
        throw new TypeConversionException(
            value + " is not " + what + " (" + min + " to " + max + ")");
      }
      return (int) n;
    }
  }

  /** A data volume's size, as EBS allows one (the volume type's own maximum is checked later). */
  static final class SizeGib extends Bounded {
    SizeGib() {
      super("a size in GiB", 1, 65_536);
    }
  }

  static final class Iops extends Bounded {
    Iops() {
      super("a number of IOPS", 1, 1_000_000);
    }
  }

  static final class Throughput extends Bounded {
    Throughput() {
      super("a throughput in MiB/s", 1, 100_000);
    }
  }

  /** A node's number: node1 to node1000. */
  static final class NodeNumber extends Bounded {
    NodeNumber() {
      super("a node number", 1, 1_000);
    }
  }

  static final class Port extends Bounded {
    Port() {
      super("a port", 1, 65_535);
    }
  }

  /** How long a node may take to pass the health check: some time, at most half a day. */
  static final class HealthTimeout implements ITypeConverter<Duration> {
    static final Duration MAX = Duration.ofHours(12);

    @Override
    public Duration convert(String value) {
      Duration d = Durations.parse(value);
      if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX) > 0) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration of 1s to 12h such as 10m");
      }
      return d;
    }
  }

  /** A health check's shell command: an empty one would pass every node at once. */
  static final class HealthCommand implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException(
            "an empty command passes every node at once; write one that exits 0 once the node"
                + " serves, such as 'nc -z \"$NODE_IP\" 9092'");
      }
      return value;
    }
  }

  /** A tag key a snapshot may get from the user. */
  static final class TagKey implements ITypeConverter<String> {
    @Override
    public String convert(String key) {
      String problem = TagRules.keyProblem(key);
      if (problem != null) {
        throw new TypeConversionException(
            problem.startsWith("'") ? problem : "'" + key + "': " + problem);
      }
      return key;
    }
  }

  static final class TagValue implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String problem = TagRules.valueProblem(value);
      if (problem != null) {
        throw new TypeConversionException("'" + value + "': " + problem);
      }
      return value;
    }
  }

  /**
   * A snapshot set: snapshot ids in node order, separated by commas, or a set's name (the value of
   * its tag).
   */
  static final class SnapshotSet implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.startsWith("snap-") || value.contains(",")) {
        String[] ids = value.split(",", -1);
        for (int i = 0; i < ids.length; i++) {
          if (ids[i].isEmpty()) {
            throw new TypeConversionException(
                "'"
                    + value
                    + "': entry "
                    + (i + 1)
                    + " is empty; list one snapshot id per node, in node order, separated by"
                    + " commas");
          }
          if (!Ids.SNAPSHOT.matches(ids[i])) {
            throw new TypeConversionException("'" + value + "': " + Ids.SNAPSHOT.complaint(ids[i]));
          }
        }
        return value;
      }
      if (value.isEmpty() || TagRules.valueProblem(value) != null) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is neither snapshot ids (snap-…,snap-…) nor the name of a snapshot set (a tag"
                + " value: up to 256 letters, digits, spaces and _.:/=+-@)");
      }
      return value;
    }
  }

  /**
   * An S3 bucket name as S3 has ever allowed one: new buckets take 3 to 63 lower-case letters,
   * digits, dots and hyphens, but a bucket made in us-east-1 before March 2018 may hold capitals
   * and underscores and be up to 255 long, and still be the user's.
   */
  static final class BucketName implements ITypeConverter<String> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{3,255}");

    @Override
    public String convert(String value) {
      if (!NAME.matcher(value).matches()) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and"
                + " hyphens)");
      }
      return value;
    }
  }
}
