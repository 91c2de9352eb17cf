package dev.statefulcluster.cli;

import dev.statefulcluster.ops.cluster.Preflight;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.synth.NestedSynthesis;
import dev.statefulcluster.synth.Synthesis;
import dev.statefulcluster.template.Quota;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    name = "validate",
    description =
        "Check a cluster file offline: every field, the template it makes (references,"
            + " conditions, zones) and CloudFormation's limits.")
final class ValidateCommand extends LocalCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The cluster file (YAML)")
  Path file;

  @Option(
      names = "--lookup",
      description =
          "Also ask EC2 for what the file leaves out, and check what deploy checks before it"
              + " starts: AMIs, snapshots, key pair, client group, pinned addresses (needs AWS"
              + " credentials)")
  boolean lookup;

  @Mixin AwsOptions aws;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ClusterSpec spec = Specs.load(file, lookup, aws(aws));
    if (lookup) {
      // What deploy would refuse before its first change, said now.
      Preflight.check(spec, aws(aws).cloud().ec2());
    }
    Optional<Synthesis> single = NestedSynthesis.singleStack(spec);
    if (single.isEmpty()) {
      return nested(spec, NestedSynthesis.of(spec));
    }
    Synthesis s = single.get();
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

  /** A cluster over several stacks: the quota use of the stack closest to a limit. */
  private int nested(ClusterSpec spec, NestedSynthesis nested) {
    Synthesis parent = nested.parent(id -> "https://bucket.s3.amazonaws.com/" + id + ".json");
    Map.Entry<String, Synthesis> fullest = nested.fullest(parent);
    StringBuilder usage = new StringBuilder();
    for (Quota.Usage u : fullest.getValue().usage()) {
      usage.append("\n  ").append(u);
    }
    context
        .out()
        .printf(
            "%s: valid: cluster %s, %d nodes over %d stacks (a parent and %d groups of up to %d"
                + " nodes, each a network and a nodes stack); the fullest, %s, uses:%s%n"
                + "  deploys through S3 (nested stacks read their templates from S3)%n",
            file,
            spec.name(),
            spec.nodes().size(),
            1 + nested.children().size(),
            nested.layout().groups(),
            nested.layout().groupSize(),
            fullest.getKey(),
            usage);
    return ExitCode.OK;
  }
}
