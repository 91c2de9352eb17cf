package dev.statefulcluster.cli;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.synth.Synthesis;
import dev.statefulcluster.template.Quota;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "validate",
    description =
        "Check a cluster file offline: every field, the template it makes (references,"
            + " conditions, zones) and CloudFormation's limits.")
final class ValidateCommand extends LocalCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The cluster file (YAML)")
  Path file;

  @Option(
      names = "--lookup",
      description = "Also ask EC2 for what the file leaves out (needs" + " AWS credentials)")
  boolean lookup;

  @Mixin AwsOptions aws;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ClusterSpec spec = Specs.load(file, lookup, aws(aws));
    Synthesis s = Synthesis.of(spec);
    StringBuilder usage = new StringBuilder();
    for (Quota.Usage u : s.usage()) {
      usage.append("\n  ").append(u);
    }
    context
        .out()
        .printf(
            "%s: valid: cluster %s, %d nodes%s%n  %s%n",
            file,
            spec.name(),
            spec.nodes().size(),
            usage,
            s.needsUpload()
                ? "deploys through S3 (over the 51,200-byte inline limit)"
                : "deploys inline (within the 51,200-byte limit)");
    return ExitCode.OK;
  }
}
