package dev.statefulcluster.cli;

import dev.statefulcluster.ops.Grower;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    name = "grow",
    description =
        "Grow the nodes' data volumes in place (size, IOPS, throughput), with no"
            + " outage: checked against EBS's rules first, applied by one stack update, then each"
            + " node's filesystem grows and its size is reported.")
final class GrowCommand extends CloudCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "NAME",
      description = "The cluster's name",
      converter = OptionValues.ClusterName.class)
  String name;

  @Option(
      names = "--size",
      paramLabel = "GiB",
      description = "New size in GiB",
      converter = OptionValues.SizeGib.class)
  Integer size;

  @Option(
      names = "--iops",
      paramLabel = "N",
      description = "New provisioned IOPS",
      converter = OptionValues.Iops.class)
  Integer iops;

  @Option(
      names = "--throughput",
      paramLabel = "MiBps",
      description = "New throughput (gp3)",
      converter = OptionValues.Throughput.class)
  Integer throughput;

  @Option(
      names = "--nodes",
      split = ",",
      paramLabel = "N[,N…]",
      converter = OptionValues.NodeNumber.class,
      description = "Only these nodes; default: all")
  List<Integer> nodes = new ArrayList<>();

  @Option(
      names = "--s3-bucket",
      paramLabel = "BUCKET",
      converter = OptionValues.BucketName.class,
      description =
          "Send a template over 51,200 bytes through this S3 bucket"
              + " (default: stateful-cluster-templates-ACCOUNT-REGION, created when first needed)")
  String s3Bucket;

  @Override
  public Integer call() throws Exception {
    if (size == null && iops == null && throughput == null) {
      throw new CliException(ExitCode.USAGE, "say what to grow: --size, --iops or --throughput");
    }
    OptionValues.distinct(nodes);
    new Grower(cloud(), polling(), progress())
        .grow(
            name,
            new Grower.Options(size, iops, throughput, nodes, s3Bucket, Duration.ofMinutes(20)));
    reportCalls();
    return ExitCode.OK;
  }
}
