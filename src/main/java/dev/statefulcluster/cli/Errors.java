package dev.statefulcluster.cli;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.spec.SpecException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one error path: every failure becomes a short message on stderr and a documented exit
 * code. A stack trace is printed only with --stacktrace, and only for what is not a known
 * failure.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
  private final Context context;

  Errors(Context context) {
    this.context = context;
  }

  @Override
  public int handleExecutionException(
      Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = context.err();
    boolean trace = parsed.hasMatchedOption("--stacktrace")
        || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--stacktrace"));
    int code;
    if (e instanceof SpecException spec) {
      spec.errors().forEach(err::println);
      err.println(spec.errors().size() == 1 ? "1 error" : spec.errors().size() + " errors");
      code = ExitCode.INVALID_SPEC;
    } else if (e instanceof CliException cli2) {
      err.println("error: " + cli2.getMessage());
      code = cli2.exitCode();
    } else if (e instanceof dev.statefulcluster.ops.OpsException ops) {
      err.println((ops.kind() == dev.statefulcluster.ops.OpsException.Kind.REFUSED ? "refused: "
          : "error: ") + ops.getMessage());
      code = switch (ops.kind()) {
        case REFUSED -> ExitCode.REFUSED;
        case INVALID -> ExitCode.INVALID_SPEC;
        case NOT_FOUND -> ExitCode.NOT_FOUND;
        case FAILED -> ExitCode.FAILED;
      };
    } else if (e instanceof CloudException cloud) {
      err.println("error: AWS: " + cloud.getMessage()
          + (cloud.getMessage().contains(cloud.code()) ? "" : " (" + cloud.code() + ")"));
      code = ExitCode.AWS;
    } else if (e instanceof InterruptedException) {
      err.println("interrupted; run the command again to carry on from where the stack is");
      code = ExitCode.INTERRUPTED;
    } else {
      err.println("error: " + e + (trace ? "" : " (run with --stacktrace for details)"));
      code = ExitCode.FAILED;
    }
    if (trace) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  static int usage(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("error: " + e.getMessage());
    err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more.");
    err.flush();
    return ExitCode.USAGE;
  }

  static int exitCode(Throwable t) {
    return t instanceof CliException c ? c.exitCode() : ExitCode.FAILED;
  }
}
