package dev.statefulcluster.cli;

import dev.statefulcluster.ops.Deployer;
import dev.statefulcluster.ops.StatusReader;
import dev.statefulcluster.ops.StatusTable;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.SpecReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    name = "deploy",
    description = {
      "Create the cluster's stack, or update it, through a change set that is printed and"
          + " refused when it would remove or replace a volume or network interface.",
      "Changes that need no restart go first, in one update that stops no instance; then every"
          + " change to what an instance is launched with (instance type, key pair, root volume,"
          + " OS, bootstrap, health command) is rolled as roll does it: each node's instance taken"
          + " away and created again with its new settings, one node (or zone) at a time, gated on"
          + " its signal and on --health-check/--tcp.",
      "Checks what the file names in EC2 first, sets the stack policy, shows progress and ends"
          + " with the nodes table. Run it again after any failure: it carries on from where"
          + " the stack is."
    })
final class DeployCommand extends CloudCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The cluster file (YAML)")
  Path file;

  @Mixin TemplateOptions templateOptions;

  @Mixin RollingOptions rolling;

  @Override
  public Integer call() throws Exception {
    ClusterSpec spec = SpecReader.read(file);
    Deployer.Outcome outcome =
        new Deployer(cloud(), polling(), progress())
            .deploy(
                spec,
                templateOptions
                    .toOptions()
                    .rolling(rolling.healthCheck(), rolling.timeout(), rolling.byZone()));
    progress()
        .line(
            "%s: %s",
            spec.name(),
            switch (outcome) {
              case CREATED -> "created";
              case UPDATED -> "updated";
              default -> "unchanged";
            });
    StatusTable.print(new StatusReader(cloud()).read(spec.name(), 0), progress());
    reportCalls();
    return ExitCode.OK;
  }
}
