package dev.statefulcluster.cli;

import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import java.util.ArrayList;
import java.util.List;
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

  /** Rolls to {@code ami}, or with null re-creates each node's instance on the AMI it runs. */
  int roll(String ami) throws Exception {
    RollOptions options =
        (ami == null ? RollOptions.recreate() : RollOptions.to(ami))
            .onNodes(OptionValues.distinct(nodes))
            .by(rolling.batch())
            .gatedOn(rolling.healthCheck(), rolling.timeout())
            .dryRun(dryRun)
            .through(s3Bucket);
    Roller.Report report = new Roller(cloud(), polling(), progress()).roll(name, options);
    reportCalls();
    if (report.failed()) {
      context.err().println("error: " + report.failure());
      return ExitCode.FAILED;
    }
    return ExitCode.OK;
  }
}
