package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * An unknown option, on any command, is named with the real option nearest to it, in one line with
 * exit 2; so is an unknown command. Run through {@link Main#run(PrintWriter, PrintWriter,
 * String...)}, as main does: the line is refused before AWS is asked anything.
 */
class UnknownOptionTest {
  private static void suggests(String expected, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);

    assertThat(err.toString()).isEqualTo(expected + "\n");
    assertThat(code).isEqualTo(ExitCode.USAGE);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void theHealthGateWrittenAsTheDocsOnceHadItPointsToTheRealOption() {
    suggests(
        "error: Unknown option: '--check'; did you mean '--health-check'? see 'stateful-cluster"
            + " roll --help'",
        "roll",
        "kafka-prod",
        "--check",
        "nc -z $NODE_IP 9092");
    suggests(
        "error: Unknown option: '--check'; did you mean '--health-check'? see 'stateful-cluster"
            + " deploy --help'",
        "deploy",
        "kafka.yaml",
        "--check=nc -z $NODE_IP 9092");
  }

  @Test
  void everyCommandSuggestsItsNearestOption() {
    String[][] cases = {
      {"synth", "c.yaml", "--formt", "--format"},
      {"validate", "c.yaml", "--look-up", "--lookup"},
      {"deploy", "c.yaml", "--bucket", "--s3-bucket"},
      {"plan", "c.yaml", "--from-snapshot", "--from-snapshots"},
      {"status", "kafka-prod", "--evnets", "--events"},
      {"roll", "kafka-prod", "--dryrun", "--dry-run"},
      {"replace", "kafka-prod", "--node", "--nodes"},
      {"grow", "kafka-prod", "--sise", "--size"},
      {"snapshot", "kafka-prod", "--tags", "--tag"},
      {"destroy", "kafka-prod", "--yse", "--yes"},
      {"destroy", "kafka-prod", "-y", "--yes"},
      {"completion", "bash", "--hlep", "--help"},
      {"schema", null, "--hepl", "--help"},
      {"node-script", null, "--verison", "--version"},
    };
    for (String[] c : cases) {
      String expected =
          "error: Unknown option: '"
              + c[2]
              + "'; did you mean '"
              + c[3]
              + "'? see 'stateful-cluster "
              + c[0]
              + " --help'";
      if (c[1] == null) {
        suggests(expected, c[0], c[2]);
      } else {
        suggests(expected, c[0], c[1], c[2]);
      }
    }
  }

  @Test
  void anUnknownCommandSuggestsTheNearestCommand() {
    suggests(
        "error: Unknown command: 'rol'; did you mean 'roll'? see 'stateful-cluster --help'",
        "rol",
        "kafka-prod");
    suggests(
        "error: Unknown option: '--verison'; did you mean '--version'? see 'stateful-cluster"
            + " --help'",
        "--verison");
  }

  @Test
  void anOptionLikeNoRealOneSaysSoWithoutAGuess() {
    suggests(
        "error: Unknown option: '--zzzz'; see 'stateful-cluster roll --help'",
        "roll",
        "kafka-prod",
        "--zzzz");
  }
}
