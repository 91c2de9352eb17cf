package dev.statefulcluster.cli;

import dev.statefulcluster.ops.Destroyer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "destroy",
    description = "Delete the cluster. Every data volume is snapshotted first; the final"
        + " snapshots are printed with the lines that restore the cluster from them.")
final class DestroyCommand extends CloudCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The cluster's name")
  String name;

  @Option(names = "--yes", description = "Do not ask for confirmation")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    if (!yes) {
      context.out().printf("This deletes cluster %s: its instances, network interfaces (their"
          + " addresses are released) and volumes (snapshotted first).%nType the cluster's name"
          + " to go on: ", name);
      context.out().flush();
      String answer = new BufferedReader(new InputStreamReader(context.in(),
          StandardCharsets.UTF_8)).readLine();
      if (answer == null || !answer.trim().equals(name)) {
        throw new CliException(ExitCode.REFUSED, "not confirmed; nothing was deleted");
      }
    }
    List<Destroyer.FinalSnapshot> snapshots =
        new Destroyer(cloud(), polling(), progress()).destroy(name);
    progress().line("%s deleted. Final snapshots:", name);
    for (Destroyer.FinalSnapshot s : snapshots) {
      progress().line("  node%d  %s  %s  %s", s.node(), s.volumeId(), s.snapshotId(), s.state());
    }
    progress().line("To restore the cluster with each node's data and address, put these lines"
        + " in its file:");
    Destroyer.restoreLines(snapshots).forEach(l -> progress().line("  %s", l));
    if (snapshots.stream().allMatch(s -> s.snapshotId() != null)) {
      progress().line("or keep the file and run: stateful-cluster deploy FILE --from-snapshots %s",
          snapshots.stream().map(Destroyer.FinalSnapshot::snapshotId)
              .collect(Collectors.joining(",")));
    }
    reportCalls();
    return snapshots.stream().allMatch(s -> s.snapshotId() != null) ? ExitCode.OK
        : ExitCode.FAILED;
  }
}
