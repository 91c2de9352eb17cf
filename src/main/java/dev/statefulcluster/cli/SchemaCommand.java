package dev.statefulcluster.cli;

import dev.statefulcluster.spec.SpecSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    name = "schema",
    description = "Print the JSON Schema of cluster files, for editors.")
final class SchemaCommand extends LocalCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    context.out().print(SpecSchema.text());
    return ExitCode.OK;
  }
}
