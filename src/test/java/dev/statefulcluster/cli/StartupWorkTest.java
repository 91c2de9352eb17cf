package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * What a command line costs before the command runs: the work picocli does for every start, kept to
 * what the tool uses (measured by bench/synth.sh, not here).
 */
class StartupWorkTest {
  @Test
  void theVersionAloneIsPrintedWithoutRegisteringTheSubcommands() {
    for (String option : new String[] {"--version", "-V"}) {
      CliRun run = CliRun.run(option);

      assertThat(run.exitCode()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(run.out()).isEqualTo("stateful-cluster development build\n");
    }
  }

  @Test
  void noCommandAsksPicocliToLookForSubcommandMethods() {
    List<Class<?>> classes = new ArrayList<>(List.of(Main.class));
    for (Map.Entry<String, Class<?>> c : Main.COMMANDS.entrySet()) {
      if (c.getValue() != CommandLine.HelpCommand.class) {
        classes.add(c.getValue());
      }
    }
    for (Class<?> c : classes) {
      assertThat(c.getAnnotation(Command.class).addMethodSubcommands())
          .as("%s: @Command(addMethodSubcommands = false)", c.getSimpleName())
          .isFalse();
      for (var m : c.getDeclaredMethods()) {
        assertThat(m.isAnnotationPresent(Command.class))
            .as("%s.%s is a subcommand method: it is not registered", c.getSimpleName(), m)
            .isFalse();
      }
    }
  }
}
