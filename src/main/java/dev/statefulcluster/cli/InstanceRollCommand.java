package dev.statefulcluster.cli;

import dev.statefulcluster.ops.HealthCheck;
import dev.statefulcluster.ops.Roller;
import dev.statefulcluster.spec.Durations;
import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What roll and replace share: nodes' instances taken away and created again one node at a time,
 * gated on their signals and an optional health check from here.
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

  static final class Check {
    @Option(
        names = "--health-check",
        paramLabel = "CMD",
        description =
            "Shell command run here after each node is up; NODE_NAME and NODE_IP are"
                + " set; exit 0 means healthy")
    String command;

    @Option(
        names = "--tcp",
        paramLabel = "PORT",
        description = "Healthy when a TCP connection to the node's PORT succeeds")
    Integer port;
  }

  @ArgGroup(exclusive = true)
  Check check;

  @Option(
      names = "--health-timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description =
          "How long a node may take to pass the health check (default:" + " ${DEFAULT-VALUE})")
  String healthTimeout;

  @Option(
      names = "--dry-run",
      description = "Print the plan: each update and which node is" + " down during it")
  boolean dryRun;

  /** Rolls to {@code ami}, or with null re-creates each node's instance on the AMI it runs. */
  int roll(String ami) throws Exception {
    Duration timeout = Durations.parse(healthTimeout);
    if (timeout == null) {
      throw new CliException(
          ExitCode.USAGE,
          "--health-timeout: '" + healthTimeout + "' is not a duration such as 10m");
    }
    Roller.Report report =
        new Roller(cloud(), polling(), progress())
            .roll(name, new Roller.Options(ami, nodes, healthCheck(), timeout, dryRun));
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

  private HealthCheck healthCheck() {
    if (check == null) {
      return null;
    }
    return check.command != null
        ? new ShellHealthCheck(check.command)
        : new TcpHealthCheck(check.port);
  }
}
