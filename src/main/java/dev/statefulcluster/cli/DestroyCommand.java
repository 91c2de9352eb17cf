package dev.statefulcluster.cli;

import dev.statefulcluster.ops.Destroyer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    name = "destroy",
    description =
        "Delete the cluster. Every data volume is snapshotted first; the final"
            + " snapshots are printed with the lines that restore the cluster from them. Run it again"
            + " after an interruption to carry on and print them.")
final class DestroyCommand extends CloudCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "NAME",
      description = "The cluster's name",
      converter = OptionValues.ClusterName.class)
  String name;

  @Option(names = "--yes", description = "Do not ask for confirmation")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    if (!yes) {
      context
          .out()
          .printf(
              "This deletes cluster %s: its instances, network interfaces (their"
                  + " addresses are released) and volumes (snapshotted first).%nType the cluster's name"
                  + " to go on: ",
              name);
      context.out().flush();
      String answer =
          new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8))
              .readLine();
      if (answer == null || !answer.trim().equals(name)) {
        throw new CliException(ExitCode.REFUSED, "not confirmed; nothing was deleted");
      }
    }
    Destroyer.Result result = new Destroyer(cloud(), polling(), progress()).destroy(name);
    if (result.nodes().isEmpty()) {
      progress().line("%s deleted; it held no resource, so there is nothing to restore", name);
      reportCalls();
      return ExitCode.OK;
    }
    progress()
        .line(
            "%s deleted. Final snapshots%s:",
            name, result.set() == null ? "" : " (set " + result.set() + ")");
    for (Destroyer.FinalSnapshot s : result.nodes()) {
      progress()
          .line(
              "  node%d  %s  %s  %s",
              s.node(), s.volumeId(), s.snapshotId() == null ? "none" : s.snapshotId(), s.state());
    }
    if (!result.missing().isEmpty()) {
      reportCalls();
      throw new CliException(ExitCode.FAILED, Destroyer.missingLine(result));
    }
    progress()
        .line(
            "To restore the cluster as it was (each node's data, address, AMI, subnet"
                + " and zone), put these lines in its file:");
    Destroyer.restoreLines(result.nodes()).forEach(l -> progress().line("  %s", l));
    progress()
        .line(
            "Or restore only the data, with the file as it is: stateful-cluster deploy"
                + " FILE --from-snapshots %s",
            result.set() != null
                ? result.set()
                : result.nodes().stream()
                    .map(Destroyer.FinalSnapshot::snapshotId)
                    .collect(Collectors.joining(",")));
    progress()
        .line(
            "  That keeps no more than the file says: nodes get the file's AMI, not the"
                + " one each last ran, and a node whose privateIp the file does not pin gets a new"
                + " address.");
    reportCalls();
    return ExitCode.OK;
  }
}
