package dev.statefulcluster.cli;

import dev.statefulcluster.ops.Deployer;
import dev.statefulcluster.spec.SpecReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    name = "plan",
    description =
        "Show what deploy would change (the in-place change set and its verdict, the instance"
            + " changes and the rolling plan: each update and who is away) without changing"
            + " anything.")
final class PlanCommand extends CloudCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The cluster file (YAML)")
  Path file;

  @Mixin TemplateOptions templateOptions;

  @Mixin RollingOptions rolling;

  @Override
  public Integer call() throws Exception {
    new Deployer(cloud(), polling(), progress())
        .plan(
            SpecReader.read(file),
            templateOptions
                .toOptions()
                .rolling(rolling.healthCheck(), rolling.timeout(), rolling.byZone()));
    reportCalls();
    return ExitCode.OK;
  }
}
