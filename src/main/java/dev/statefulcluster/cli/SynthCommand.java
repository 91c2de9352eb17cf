package dev.statefulcluster.cli;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.synth.StackPolicy;
import dev.statefulcluster.synth.Synthesis;
import dev.statefulcluster.template.Quota;
import dev.statefulcluster.template.TemplateWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "synth",
    description = "Write the CloudFormation template of a cluster file (deploys unchanged with"
        + " plain CloudFormation).")
final class SynthCommand extends LocalCommand implements Callable<Integer> {
  enum Format {
    json,
    yaml
  }

  @Parameters(paramLabel = "FILE", description = "The cluster file (YAML)")
  Path file;

  @Option(names = "--format", paramLabel = "json|yaml", description = "Template format (default:"
      + " ${DEFAULT-VALUE})", defaultValue = "json")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "PATH",
      description = "Write to PATH instead of standard output")
  Path output;

  @Option(names = "--stack-policy", description = "Write the stack policy instead of the"
      + " template: no update may replace or delete a volume or network interface")
  boolean stackPolicy;

  @Option(names = "--lookup", description = "Ask EC2 for what the file leaves out (the subnets'"
      + " availability zones and VPC); needs AWS credentials")
  boolean lookup;

  @Mixin AwsOptions aws;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws IOException {
    ClusterSpec spec = Specs.load(file, lookup, aws(aws));
    String text;
    if (stackPolicy) {
      text = TemplateWriter.write(StackPolicy.document(), writerFormat());
    } else {
      Synthesis synthesis = Synthesis.of(spec);
      text = TemplateWriter.write(synthesis.template(), writerFormat());
      if (synthesis.needsUpload()) {
        context.err().printf("note: the template is %,d bytes, over CloudFormation's %,d-byte"
            + " limit for a template sent inline; deploy it through S3 (aws cloudformation"
            + " deploy --s3-bucket, or stateful-cluster deploy --s3-bucket)%n",
            synthesis.bytes(), Quota.INLINE_BODY_BYTES);
      }
    }
    if (output == null) {
      context.out().print(text);
    } else {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    }
    return ExitCode.OK;
  }

  private TemplateWriter.Format writerFormat() {
    return format == Format.yaml ? TemplateWriter.Format.YAML : TemplateWriter.Format.JSON;
  }
}
