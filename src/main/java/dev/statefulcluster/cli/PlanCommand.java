package dev.statefulcluster.cli;

import dev.statefulcluster.ops.Deployer;
import dev.statefulcluster.spec.SpecReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "plan",
    description = "Show what deploy would change (the change set and its verdict) without"
        + " changing anything.")
final class PlanCommand extends CloudCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The cluster file (YAML)")
  Path file;

  @Option(names = "--s3-bucket", paramLabel = "BUCKET",
      description = "Send a template over 51,200 bytes through this S3 bucket")
  String s3Bucket;

  @Option(names = "--from-snapshots", paramLabel = "SET",
      description = "As for deploy")
  String fromSnapshots;

  @Override
  public Integer call() throws Exception {
    new Deployer(cloud(), polling(), progress())
        .plan(SpecReader.read(file), new Deployer.Options(s3Bucket, fromSnapshots));
    reportCalls();
    return ExitCode.OK;
  }
}
