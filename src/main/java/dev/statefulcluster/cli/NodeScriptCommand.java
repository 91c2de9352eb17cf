package dev.statefulcluster.cli;

import dev.statefulcluster.synth.NodeScript;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(mixinStandardHelpOptions = true, name = "node-script", description = "Print the script every node runs to find, format"
    + " or grow, and mount its data volume.")
final class NodeScriptCommand implements Callable<Integer>, ContextAware {
  private Context context;

  @Override
  public void context(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.out().print(NodeScript.text());
    return ExitCode.OK;
  }
}
