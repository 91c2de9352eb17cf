package dev.statefulcluster.cli;

import dev.statefulcluster.synth.NodeScript;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    name = "node-script",
    description =
        "Print the script every node runs to find, format" + " or grow, and mount its data volume.")
final class NodeScriptCommand extends LocalCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    context.out().print(NodeScript.text());
    return ExitCode.OK;
  }
}
