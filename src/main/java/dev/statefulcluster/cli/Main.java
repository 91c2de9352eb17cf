package dev.statefulcluster.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** stateful-cluster: the command line. {@link #run} is what tests call; main only exits. */
@Command(
    name = "stateful-cluster",
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    versionProvider = Main.Version.class,
    description =
        "Stateful clusters on plain EC2 with CloudFormation: each node's address and"
            + " disk outlive its instance.")
public final class Main implements Runnable {
  /**
   * The subcommands, in the order help lists them. Picocli reads a command's annotations when it is
   * registered, which for all of them costs a cold JVM about 100 ms; a command line that names one
   * registers only that one. Each says {@code addMethodSubcommands = false}: none has subcommand
   * methods, and looking for them reads the annotations of every method of the class.
   */
  static final Map<String, Class<?>> COMMANDS = commands();

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("synth", SynthCommand.class);
    m.put("validate", ValidateCommand.class);
    m.put("deploy", DeployCommand.class);
    m.put("plan", PlanCommand.class);
    m.put("status", StatusCommand.class);
    m.put("roll", RollCommand.class);
    m.put("replace", ReplaceCommand.class);
    m.put("grow", GrowCommand.class);
    m.put("snapshot", SnapshotCommand.class);
    m.put("destroy", DestroyCommand.class);
    m.put("schema", SchemaCommand.class);
    m.put("node-script", NodeScriptCommand.class);
    m.put("completion", CompletionCommand.class);
    m.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(m);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Picocli's default factory looks for Groovy's Closure class once; the miss opens and reads
    // every jar on the class path (41, the AWS SDK's among them): 35 ms of a 0.3 s synth.
    System.setProperty("picocli.disable.closures", "true");
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
    ContextFactory factory = new ContextFactory(context);
    CommandLine cli = new CommandLine(new Main(), factory);
    String named =
        args.length > 0 && COMMANDS.containsKey(args[0]) && !args[0].equals("help")
            ? args[0]
            : null;
    // The version alone needs no subcommand; help and errors list them all.
    boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
      if (!versionOnly && (named == null || c.getKey().equals(named))) {
        cli.addSubcommand(c.getKey(), new CommandLine(c.getValue(), factory));
      }
    }
    cli.setOut(context.out());
    cli.setErr(context.err());
    cli.setExecutionExceptionHandler(new Errors(context));
    cli.setParameterExceptionHandler(Errors::usage);
    cli.setExitCodeExceptionMapper(Errors::exitCode);
    cli.setExecutionStrategy(Main::runReportingCalls);
    int code = cli.execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  /**
   * Runs the command, then has it say how many AWS calls it made, whether it succeeded or failed:
   * before picocli hands a failure to {@link Errors}, so the error stays the last line.
   */
  private static int runReportingCalls(CommandLine.ParseResult parsed) {
    try {
      return new CommandLine.RunLast().execute(parsed);
    } finally {
      for (CommandLine command : parsed.asCommandLineList()) {
        if (command.getCommand() instanceof AwsSession.User user && user.session() != null) {
          user.session().reportCalls();
        }
      }
    }
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
