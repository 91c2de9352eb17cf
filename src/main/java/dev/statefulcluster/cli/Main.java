package dev.statefulcluster.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** stateful-cluster: the command line. {@link #run} is what tests call; main only exits. */
@Command(
    name = "stateful-cluster",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Stateful clusters on plain EC2 with CloudFormation: each node's address and"
        + " disk outlive its instance.",
    subcommands = {
      SynthCommand.class,
      ValidateCommand.class,
      DeployCommand.class,
      PlanCommand.class,
      StatusCommand.class,
      RollCommand.class,
      GrowCommand.class,
      SnapshotCommand.class,
      DestroyCommand.class,
      SchemaCommand.class,
      NodeScriptCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }

  /** Runs one command line; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(new Context(out, err, System.in, Connector.aws()), args);
  }

  /** Runs with an explicit context (streams, input, the cloud to use): for tests. */
  public static int run(Context context, String... args) {
    CommandLine cli = new CommandLine(new Main(), new ContextFactory(context));
    cli.setOut(context.out());
    cli.setErr(context.err());
    cli.setExecutionExceptionHandler(new Errors(context));
    cli.setParameterExceptionHandler(Errors::usage);
    cli.setExitCodeExceptionMapper(Errors::exitCode);
    int code = cli.execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Package p = Main.class.getPackage();
      String v = p == null ? null : p.getImplementationVersion();
      return new String[] {"stateful-cluster " + (v == null ? "development build" : v)};
    }
  }
}
