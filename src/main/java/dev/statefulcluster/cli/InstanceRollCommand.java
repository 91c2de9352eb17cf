package dev.statefulcluster.cli;

import dev.statefulcluster.ops.Roller;
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
  @Parameters(paramLabel = "NAME", description = "The cluster's name")
  String name;

  @Option(
      names = "--nodes",
      split = ",",
      paramLabel = "N[,N…]",
      description = "Only these nodes (numbers, e.g. 1,3); default: all")
  List<Integer> nodes = new ArrayList<>();

  @Mixin RollingOptions rolling;

  @Option(
      names = "--dry-run",
      description = "Print the plan: each update and which node is" + " down during it")
  boolean dryRun;

  /** Rolls to {@code ami}, or with null re-creates each node's instance on the AMI it runs. */
  int roll(String ami) throws Exception {
    Roller.Options options =
        new Roller.Options(ami, nodes, rolling.healthCheck(), rolling.timeout(), dryRun);
    Roller.Report report =
        new Roller(cloud(), polling(), progress())
            .roll(name, rolling.byZone() ? options.byZones() : options);
    if (!report.downtime().isEmpty()) {
      StringBuilder down = new StringBuilder();
      for (Map.Entry<Integer, Duration> e : report.downtime().entrySet()) {
        down.append(down.length() == 0 ? "" : ", ")
            .append(ClusterLayout.nodeName(e.getKey()))
            .append(' ')
            .append(e.getValue().toSeconds())
            .append('s');
      }
      progress().line("time each node was down: %s", down);
    }
    reportCalls();
    if (report.failed()) {
      context.err().println("error: " + report.failure());
      return ExitCode.FAILED;
    }
    return ExitCode.OK;
  }
}
