package dev.statefulcluster.cli;

import dev.statefulcluster.ops.Snapshotter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    name = "snapshot",
    description =
        "Snapshot every node's data volume as one set, wait until done, print the"
            + " set; 'deploy FILE --from-snapshots SET' restores it. Run again after an"
            + " interruption, it finishes the set it began (within an hour) instead of starting"
            + " another.")
final class SnapshotCommand extends CloudCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "NAME",
      description = "The cluster's name",
      converter = OptionValues.ClusterName.class)
  String name;

  @Option(
      names = "--tag",
      paramLabel = "KEY=VALUE",
      description = "Extra tag on each snapshot",
      converter = {OptionValues.TagKey.class, OptionValues.TagValue.class})
  Map<String, String> tags = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    Snapshotter.SnapshotSet set =
        new Snapshotter(cloud(), polling(), progress()).snapshot(name, tags);
    progress().line("snapshot set %s:", set.name());
    for (Snapshotter.Member m : set.members()) {
      progress().line("  node%d  %s  %s  %s", m.node(), m.volumeId(), m.snapshotId(), m.state());
    }
    for (String extra : set.duplicates()) {
      progress()
          .line(
              "note: %s is a second snapshot a retried CreateSnapshot made; it is not in"
                  + " the set and costs storage: aws ec2 delete-snapshot --snapshot-id %s",
              extra, extra);
    }
    progress().line("restore with: stateful-cluster deploy FILE --from-snapshots %s", set.name());
    reportCalls();
    return ExitCode.OK;
  }
}
