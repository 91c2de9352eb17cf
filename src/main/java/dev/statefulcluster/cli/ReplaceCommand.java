package dev.statefulcluster.cli;

import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    name = "replace",
    description = {
      "Give the nodes named by --nodes a new instance on the AMI each runs, one at a time, keeping"
          + " each node's address and data: to repair a node whose instance was lost, stopped or"
          + " impaired outside CloudFormation, or to move it to a fresh host. Two stack updates"
          + " for one node; gated as roll is.",
      "Run it again after any interruption: a node left away comes back first."
    })
final class ReplaceCommand extends InstanceRollCommand {
  @Override
  public Integer call() throws Exception {
    if (nodes.isEmpty()) {
      throw new CliException(
          ExitCode.USAGE, "replace needs --nodes N[,N…]: the nodes whose instance to replace");
    }
    return roll(null);
  }
}
