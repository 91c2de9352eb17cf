package dev.statefulcluster.cli;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.synth.StackPolicy;
import dev.statefulcluster.synth.Synthesis;
import dev.statefulcluster.template.Quota;
import dev.statefulcluster.template.TemplateWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "synth",
    description =
        "Write the CloudFormation template of a cluster file (deploys unchanged with"
            + " plain CloudFormation).")
final class SynthCommand extends LocalCommand implements Callable<Integer> {
  enum Format {
    json,
    yaml
  }

  @Parameters(paramLabel = "FILE", description = "The cluster file (YAML)")
  Path file;

  @Option(
      names = "--format",
      paramLabel = "json|yaml",
      description = "Template format (default:" + " ${DEFAULT-VALUE})",
      defaultValue = "json")
  Format format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "PATH",
      description = "Write to PATH instead of standard output")
  Path output;

  @Option(
      names = "--stack-policy",
      description =
          "Write the stack policy instead of the"
              + " template: no update may replace or delete a volume or network interface")
  boolean stackPolicy;

  @Option(
      names = "--lookup",
      description =
          "Ask EC2 for what the file leaves out (the subnets'"
              + " availability zones and VPC); needs AWS credentials")
  boolean lookup;

  @Mixin AwsOptions aws;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ClusterSpec spec = Specs.load(file, lookup, aws(aws));
    String text;
    if (stackPolicy) {
      text = TemplateWriter.write(StackPolicy.document(), writerFormat());
    } else {
      Synthesis synthesis = Synthesis.of(spec);
      text = TemplateWriter.write(synthesis.template(), writerFormat());
      if (synthesis.needsUpload()) {
        context
            .err()
            .printf(
                "note: the template is %,d bytes, over CloudFormation's %,d-byte"
                    + " limit for a template sent inline; deploy it through S3 (stateful-cluster"
                    + " deploy does, through a bucket of its own or --s3-bucket; aws cloudformation"
                    + " deploy --s3-bucket)%n",
                synthesis.bytes(), Quota.INLINE_BODY_BYTES);
      }
    }
    if (output == null) {
      context.out().print(text);
    } else {
      write(text);
    }
    return ExitCode.OK;
  }

  private void write(String text) {
    try {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException(
          ExitCode.USAGE,
          "cannot write -o "
              + output
              + ": no such directory "
              + output.toAbsolutePath().getParent());
    } catch (AccessDeniedException e) {
      throw new CliException(ExitCode.USAGE, "cannot write -o " + output + ": permission denied");
    } catch (FileSystemException e) {
      throw new CliException(
          ExitCode.USAGE,
          "cannot write -o "
              + output
              + ": "
              + (e.getReason() != null ? e.getReason() : "file system error"));
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "cannot write -o " + output + ": " + e.getMessage());
    }
  }

  private TemplateWriter.Format writerFormat() {
    return format == Format.yaml ? TemplateWriter.Format.YAML : TemplateWriter.Format.JSON;
  }
}
