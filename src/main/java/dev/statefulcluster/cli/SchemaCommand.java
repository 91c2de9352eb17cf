package dev.statefulcluster.cli;

import dev.statefulcluster.spec.SpecSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(mixinStandardHelpOptions = true, name = "schema", description = "Print the JSON Schema of cluster files, for editors.")
final class SchemaCommand implements Callable<Integer>, ContextAware {
  private Context context;

  @Override
  public void context(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.out().print(SpecSchema.text());
    return ExitCode.OK;
  }
}
