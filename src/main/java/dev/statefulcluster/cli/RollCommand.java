package dev.statefulcluster.cli;

import dev.statefulcluster.spec.Ids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    name = "roll",
    description = {
      "Give the nodes a new AMI one at a time, never touching a network interface or volume."
          + " Each node's instance is taken away before its successor is created (an instance"
          + " holding its interface cannot be replaced in place); each new instance is gated on"
          + " its signal, and on a health check from here when given. At most one node is down.",
      "Without --ami, every selected node's instance is re-created on the AMI it runs (fresh"
          + " hosts).",
      "Run it again after any interruption: it carries on from what the stack says."
    })
final class RollCommand extends InstanceRollCommand {
  @Option(
      names = "--ami",
      paramLabel = "AMI",
      description = "The new AMI; default: each node keeps its own and gets a new instance")
  String ami;

  @Override
  public Integer call() throws Exception {
    if (ami != null && !Ids.AMI.matches(ami)) {
      throw new CliException(ExitCode.USAGE, "--ami: " + Ids.AMI.complaint(ami));
    }
    return roll(ami);
  }
}
