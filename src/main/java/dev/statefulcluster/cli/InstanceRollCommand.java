package dev.statefulcluster.cli;

import dev.statefulcluster.ops.roll.Roller;
import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What roll and replace share: nodes' instances taken away and created again one node (or zone) at
 * a time, gated on their signals and an optional health check from here.
 */
abstract class InstanceRollCommand extends CloudCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "NAME",
      description = "The cluster's name",
      converter = OptionValues.ClusterName.class)
  String name;

  @Option(
      names = "--nodes",
      split = ",",
      paramLabel = "N[,N…]",
      converter = OptionValues.NodeNumber.class,
      description = "Only these nodes (numbers, e.g. 1,3); default: all")
  List<Integer> nodes = new ArrayList<>();

  @Mixin RollingOptions rolling;

  @Option(
      names = "--s3-bucket",
      paramLabel = "BUCKET",
      converter = OptionValues.BucketName.class,
      description =
          "Send templates over 51,200 bytes (every step of a cluster over nested stacks) through"
              + " this S3 bucket (default: stateful-cluster-templates-ACCOUNT-REGION, created when"
              + " first needed)")
  String s3Bucket;

  @Option(
      names = "--dry-run",
      description = "Print the plan: each update and which node is" + " down during it")
  boolean dryRun;

  /** Nodes listed one by one up to this many; more are summed up (a zone roll of 1,000 nodes). */
  static final int LISTED_DOWNTIMES = 12;

  /**
   * Each node's time out of service: every node when they are few, else the range, the median and
   * the node that was down longest.
   */
  static String downtime(Map<Integer, Duration> down) {
    if (down.size() <= LISTED_DOWNTIMES) {
      StringBuilder out = new StringBuilder();
      for (Map.Entry<Integer, Duration> e : down.entrySet()) {
        out.append(out.length() == 0 ? "" : ", ")
            .append(ClusterLayout.nodeName(e.getKey()))
            .append(' ')
            .append(e.getValue().toSeconds())
            .append('s');
      }
      return out.toString();
    }
    List<Map.Entry<Integer, Duration>> sorted = new ArrayList<>(down.entrySet());
    sorted.sort(Map.Entry.comparingByValue());
    Map.Entry<Integer, Duration> longest = sorted.get(sorted.size() - 1);
    return "%ds to %ds, median %ds, over %d nodes; longest %s"
        .formatted(
            sorted.get(0).getValue().toSeconds(),
            longest.getValue().toSeconds(),
            sorted.get((sorted.size() - 1) / 2).getValue().toSeconds(),
            sorted.size(),
            ClusterLayout.nodeName(longest.getKey()));
  }

  /** Rolls to {@code ami}, or with null re-creates each node's instance on the AMI it runs. */
  int roll(String ami) throws Exception {
    Roller.Options options =
        new Roller.Options(
                ami, OptionValues.distinct(nodes), rolling.healthCheck(), rolling.timeout(), dryRun)
            .withS3Bucket(s3Bucket);
    Roller.Report report =
        new Roller(cloud(), polling(), progress())
            .roll(name, rolling.byZone() ? options.byZones() : options);
    if (!report.downtime().isEmpty()) {
      progress().line("time each node was down: %s", downtime(report.downtime()));
    }
    reportCalls();
    if (report.failed()) {
      context.err().println("error: " + report.failure());
      return ExitCode.FAILED;
    }
    return ExitCode.OK;
  }
}
