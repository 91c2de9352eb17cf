package dev.statefulcluster.cli;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.ops.RefusedChanges;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.spec.SpecException;
import dev.statefulcluster.spec.Suggestions;
import dev.statefulcluster.spec.Visible;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The one error path: every failure becomes a short message on stderr and a documented exit code,
 * every control character in it (from a file, the command line or AWS) written as an escape. A
 * stack trace is printed only with --stacktrace, and only for what is not a known failure: a known
 * one (a bad file, a refusal, an AWS error…) says all there is in its line.
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
    boolean trace =
        parsed.hasMatchedOption("--stacktrace")
            || (parsed.subcommand() != null
                && parsed.subcommand().hasMatchedOption("--stacktrace"));
    int code;
    boolean known = true;
    if (e instanceof RefusedChanges refused) {
      refused.errors().forEach(err::println);
      err.println(
          "refused: the changes above would lose data or break a rule; nothing was" + " changed");
      code = ExitCode.REFUSED;
    } else if (e instanceof SpecException spec) {
      spec.errors().forEach(err::println);
      if (spec.total() > spec.errors().size()) {
        err.printf("… and %,d more errors, not shown%n", spec.total() - spec.errors().size());
      }
      err.println(spec.total() == 1 ? "1 error" : String.format("%,d errors", spec.total()));
      code = ExitCode.INVALID_SPEC;
    } else if (e instanceof CliException cli2) {
      err.println("error: " + Visible.lines(cli2.getMessage()));
      code = cli2.exitCode();
    } else if (e instanceof OpsException ops) {
      err.println(
          (ops.kind() == OpsException.Kind.REFUSED ? "refused: " : "error: ")
              + Visible.lines(ops.getMessage()));
      code =
          switch (ops.kind()) {
            case REFUSED -> ExitCode.REFUSED;
            case NOT_FOUND -> ExitCode.NOT_FOUND;
            case FAILED -> ExitCode.FAILED;
            case BAD_OPTION -> ExitCode.USAGE;
            case INVALID -> ExitCode.INVALID_SPEC;
          };
    } else if (e instanceof CloudException cloud) {
      err.println(
          "error: AWS: "
              + Visible.lines(cloud.getMessage())
              + (cloud.getMessage().contains(cloud.code()) ? "" : " (" + cloud.code() + ")"));
      code = ExitCode.AWS;
    } else if (e instanceof InterruptedException) {
      err.println("interrupted; run the command again to carry on from where the stack is");
      code = ExitCode.INTERRUPTED;
    } else {
      err.println(
          "error: "
              + Visible.lines(e.toString())
              + (trace ? "" : " (run with --stacktrace for details)"));
      code = ExitCode.FAILED;
      known = false;
    }
    if (trace && !known) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** A bad command line: one line, the problem, the option or command meant, and where help is. */
  static int usage(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    String message = String.valueOf(e.getMessage()).strip();
    int newline = message.indexOf('\n');
    String problem = newline < 0 ? message : message.substring(0, newline).strip();
    String meant = null;
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
      List<String> unknown = unknownOptions(unmatched);
      if (!unknown.isEmpty()) {
        problem =
            (unknown.size() == 1 ? "Unknown option: '" : "Unknown options: '")
                + String.join("', '", unknown)
                + "'";
        meant = nearestOption(unmatched, unknown.get(0));
      } else if (cli.getCommandSpec().subcommands().size() > 1
          && !unmatched.getUnmatched().isEmpty()
          && cli.getCommandSpec().parent() == null) {
        problem = "Unknown command: '" + unmatched.getUnmatched().get(0) + "'";
        meant = unmatched.getSuggestions().isEmpty() ? null : unmatched.getSuggestions().get(0);
      }
    }
    err.println(
        "error: "
            + Visible.line(problem)
            + (meant == null ? "" : "; did you mean '" + Visible.line(meant) + "'?")
            + (meant == null ? "; see '" : " see '")
            + cli.getCommandSpec().qualifiedName()
            + " --help'");
    err.flush();
    return ExitCode.USAGE;
  }

  /** The unmatched arguments that are options (their values and later arguments are not). */
  private static List<String> unknownOptions(CommandLine.UnmatchedArgumentException e) {
    List<String> out = new ArrayList<>();
    if (e.isUnknownOption()) {
      for (String arg : e.getUnmatched()) {
        if (arg.startsWith("-") && arg.length() > 1 && !Character.isDigit(arg.charAt(1))) {
          out.add(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg);
        }
      }
    }
    return out;
  }

  /**
   * The real option meant by {@code typed}: the one a typo or two away ({@code --yse}), else
   * picocli's nearest by its letters ({@code --out}: {@code --output}), else the one whose name
   * holds every word of it ({@code --check}: {@code --health-check}), else none.
   */
  private static String nearestOption(CommandLine.UnmatchedArgumentException e, String typed) {
    List<String> names = new ArrayList<>();
    for (CommandLine.Model.OptionSpec option : e.getCommandLine().getCommandSpec().options()) {
      if (!option.hidden()) {
        names.addAll(List.of(option.names()));
      }
    }
    // A one-letter option is a letter away from every other: no guess by spelling there.
    String closest = typed.length() > 3 ? Suggestions.closest(typed, names) : null;
    if (closest != null && !closest.equals(typed)) {
      return closest;
    }
    for (String s : e.getSuggestions()) {
      if (s.startsWith("-") && !s.equals(typed)) {
        return s;
      }
    }
    List<String> words = List.of(typed.replaceFirst("^-+", "").split("-"));
    for (String name : names) {
      if (name.startsWith("--") && List.of(name.substring(2).split("-")).containsAll(words)) {
        return name;
      }
    }
    return null;
  }

  static int exitCode(Throwable t) {
    return t instanceof CliException c ? c.exitCode() : ExitCode.FAILED;
  }
}
