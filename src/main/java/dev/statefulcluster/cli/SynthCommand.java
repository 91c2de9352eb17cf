package dev.statefulcluster.cli;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.synth.NestedSynthesis;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
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
      description =
          "Write to PATH instead of standard output; for a cluster over several stacks, the"
              + " directory to write every stack's template to (parent.json, NetworkN.json,"
              + " NodesN.json)")
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
    if (output != null) {
      refuseOverwriting(output);
    }
    ClusterSpec spec = Specs.load(file, lookup, aws(aws));
    String text;
    if (stackPolicy) {
      text = TemplateWriter.write(StackPolicy.document(), writerFormat());
    } else {
      Optional<Synthesis> single = NestedSynthesis.singleStack(spec);
      if (single.isEmpty()) {
        writeNested(NestedSynthesis.of(spec));
        return ExitCode.OK;
      }
      Synthesis synthesis = single.get();
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

  /**
   * Every stack's template into the directory {@code -o}: the parent names each child by its file
   * name, as {@code aws cloudformation package --s3-bucket} expects (it uploads them and rewrites
   * the URLs).
   */
  private void writeNested(NestedSynthesis nested) {
    String ext = format == Format.yaml ? ".yaml" : ".json";
    if (output == null) {
      throw new CliException(
          ExitCode.USAGE,
          "a cluster of "
              + nested.spec().nodes().size()
              + " nodes is laid out over "
              + (1 + nested.children().size())
              + " stacks; write their templates to a directory with -o DIR");
    }
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new CliException(
          ExitCode.USAGE,
          "-o "
              + output
              + " is a file; a cluster over several stacks writes its templates into a directory"
              + " (created if missing): name one");
    }
    try {
      Files.createDirectories(output);
    } catch (IOException e) {
      throw new CliException(
          ExitCode.USAGE, "cannot create directory -o " + output + ": " + reason(e, output));
    }
    refuseOverwriting(output.resolve("parent" + ext));
    nested.children().keySet().forEach(id -> refuseOverwriting(output.resolve(id + ext)));
    Synthesis parent = nested.parent(id -> id + ext);
    write(output.resolve("parent" + ext), TemplateWriter.write(parent.template(), writerFormat()));
    nested
        .children()
        .forEach(
            (id, child) ->
                write(
                    output.resolve(id + ext),
                    TemplateWriter.write(child.template(), writerFormat())));
    context
        .err()
        .printf(
            "wrote %d templates to %s: parent%s and %d groups of up to %d nodes (Network<g>%s:"
                + " their interfaces, Nodes<g>%s: their volumes and instances); deploy them"
                + " through S3 (aws cloudformation package --s3-bucket …)%n",
            1 + nested.children().size(),
            output,
            ext,
            nested.layout().groups(),
            nested.layout().groupSize(),
            ext,
            ext);
  }

  private void write(String text) {
    write(output, text);
  }

  private void write(Path output, String text) {
    try {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(
          ExitCode.USAGE, "cannot write -o " + output + ": " + reason(e, output));
    }
  }

  /** A template written to {@code target} must not replace the cluster file it was made from. */
  private void refuseOverwriting(Path target) {
    try {
      if (Files.exists(target) && Files.exists(file) && Files.isSameFile(target, file)) {
        throw new CliException(
            ExitCode.USAGE,
            "-o "
                + target
                + " is the cluster file itself: the template would overwrite it; name another"
                + " file");
      }
    } catch (IOException e) {
      throw new CliException(
          ExitCode.USAGE, "cannot write -o " + target + ": " + reason(e, target));
    }
  }

  /** What went wrong with {@code path}, in the file system's words, without Java's. */
  private static String reason(IOException e, Path path) {
    if (e instanceof NoSuchFileException) {
      return "no such directory " + path.toAbsolutePath().getParent();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f) {
      return f.getReason() != null ? f.getReason() : "file system error";
    }
    return e.getMessage();
  }

  private TemplateWriter.Format writerFormat() {
    return format == Format.yaml ? TemplateWriter.Format.YAML : TemplateWriter.Format.JSON;
  }
}
