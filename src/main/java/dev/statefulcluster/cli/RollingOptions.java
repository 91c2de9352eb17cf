package dev.statefulcluster.cli;

import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.roll.Batch;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * How instances are re-created, for roll, replace and deploy alike: one node (or one zone) away at
 * a time, each gated on its signal and on an optional health check from here.
 */
final class RollingOptions {
  static final class Check {
    @Option(
        names = "--health-check",
        paramLabel = "CMD",
        converter = OptionValues.HealthCommand.class,
        description =
            "Shell command run here after each node is up; NODE_NAME and NODE_IP are"
                + " set; exit 0 means healthy")
    String command;

    @Option(
        names = "--tcp",
        paramLabel = "PORT",
        converter = OptionValues.Port.class,
        description = "Healthy when a TCP connection to the node's PORT succeeds")
    Integer port;
  }

  /** How many nodes are away at once. */
  enum Batch {
    node,
    zone
  }

  @ArgGroup(exclusive = true)
  Check check;

  @Option(
      names = "--health-timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = OptionValues.HealthTimeout.class,
      description =
          "How long a node may take to pass the health check (default:" + " ${DEFAULT-VALUE})")
  Duration healthTimeout;

  @Option(
      names = "--batch",
      paramLabel = "node|zone",
      defaultValue = "node",
      description =
          "node: one node away at a time (default); zone: every node of one availability zone"
              + " away at once, never two zones (N zones: N+1 updates)")
  Batch batch;

  boolean byZone() {
    return batch == Batch.zone;
  }

  /** How many nodes a roll takes away at once. */
  dev.statefulcluster.ops.roll.Batch batch() {
    return byZone()
        ? dev.statefulcluster.ops.roll.Batch.zone()
        : dev.statefulcluster.ops.roll.Batch.node();
  }

  Duration timeout() {
    return healthTimeout;
  }

  /** The health check asked for, or null for signals only. */
  HealthCheck healthCheck() {
    if (check == null) {
      return null;
    }
    return check.command != null
        ? new ShellHealthCheck(check.command)
        : new TcpHealthCheck(check.port);
  }
}
