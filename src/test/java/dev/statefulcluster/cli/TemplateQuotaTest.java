package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file whose template would break one of CloudFormation's quotas for a reason other than its
 * number of nodes (ports, CIDR blocks, a long bootstrap, which no layout spreads over more stacks)
 * is a bad file: exit 3, the line of the field, the quota and how much fits.
 */
class TemplateQuotaTest {
  @TempDir Path dir;

  private static String ports(int count, int from) {
    return IntStream.range(0, count)
        .mapToObj(i -> Integer.toString(from + 2 * i))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private CliRun validate(String text) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, text);
    return CliRun.run("validate", f.toString());
  }

  private void refused(CliRun run, String error) {
    assertThat(run.err()).isEqualTo(dir.resolve("c.yaml") + ":" + error + "\n1 error\n");
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
  }

  @Test
  void manyMemberPortsNameTheirLineAndHowManyRulesFit() throws Exception {
    CliRun run = validate(YamlMeaningTest.BASE + "ports:\n  members: " + ports(600, 2000) + "\n");

    refused(
        run,
        "12: ports.members: 600 security group rules (one per member port, and per client port"
            + " one for the client group and one per CIDR block) make the template of the parent"
            + " stack need 606 of 500 resources, over CloudFormation's limit; at most 494 rules"
            + " fit: list fewer ports or CIDR blocks (a range such as \"7000-7010\" is one rule)");
  }

  @Test
  void clientPortsTimesCidrBlocksNameTheCidrLine() throws Exception {
    String cidrs =
        IntStream.range(0, 60)
            .mapToObj(i -> "10." + i + ".0.0/16")
            .collect(Collectors.joining(", ", "[", "]"));

    CliRun run =
        validate(
            YamlMeaningTest.BASE
                + "ports:\n  clients: "
                + ports(30, 9000)
                + "\nclients:\n  cidrs: "
                + cidrs
                + "\n");

    refused(
        run,
        "14: clients.cidrs: 1,830 security group rules (one per member port, and per client port"
            + " one for the client group and one per CIDR block) make the template of the parent"
            + " stack need 1,836 of 500 resources, over CloudFormation's limit; at most 494 rules"
            + " fit: list fewer ports or CIDR blocks (a range such as \"7000-7010\" is one rule)");
  }

  @Test
  void aThousandNodesLeaveRoomForFewerRulesInTheParent() throws Exception {
    String thousand = Files.readString(Path.of("src/test/resources/nested/thousand-nodes.yaml"));

    CliRun run = validate(thousand.replace("members: [7000]", "members: " + ports(450, 2000)));

    refused(
        run,
        "22: ports.members: 451 security group rules (one per member port, and per client port"
            + " one for the client group and one per CIDR block) make the template of the parent"
            + " stack need 505 of 500 resources, over CloudFormation's limit; at most 446 rules"
            + " fit: list fewer ports or CIDR blocks (a range such as \"7000-7010\" is one rule)");
  }

  @Test
  void aBootstrapNoStackOfNodesCanHoldNamesItsLineAndTheExcess() throws Exception {
    String line = "  echo \"" + "\"".repeat(30) + "\"\n";

    CliRun run = validate(YamlMeaningTest.BASE + "bootstrap: |\n" + line.repeat(22_000));

    refused(
        run,
        "11: bootstrap: with it, the template of the Nodes1 stack needs 1,578,731 of 1,048,576"
            + " bytes of template body (51,200 when sent inline), over CloudFormation's limit"
            + " (every stack of nodes carries a copy); shorten it until the template is 530,155"
            + " bytes smaller (each quote, backslash and line break takes two bytes there): have"
            + " it fetch the rest, from S3 say");
  }
}
