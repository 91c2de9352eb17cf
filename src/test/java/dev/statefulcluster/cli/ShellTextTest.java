package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.sim.SimCloud;
import dev.statefulcluster.testing.CfnValidator;
import dev.statefulcluster.testing.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap, health and reload texts reach the node exactly as written, and neither AWS's
 * validator nor cfn-lint's rules in it take a shell variable named like one of the template's own
 * ({@code ${NodeConfig}}, {@code ${AWS::Region}}) for a substitution CloudFormation would make.
 */
class ShellTextTest {
  static final String BOOTSTRAP =
      "#!/bin/sh\n"
          + "NodeConfig=/etc/app.conf; AWS_Region=x\n"
          + "echo \"${NodeConfig} ${AWS::Region} ${Node1Eni.PrimaryPrivateIpAddress}\"\n"
          + "echo \"${voters:+$voters,} ${!already} $${NodeDown}\"\n"
          + "echo '${' unclosed\n";
  static final String HEALTH = "test -n \"${ClusterGroup:-x}\"";
  static final String RELOAD = "kill -HUP \"$(cat ${NodeConfig}.pid)\"";

  final SimCloud sim = ExampleAccount.create();
  @TempDir Path dir;

  private Path file() throws Exception {
    Path file = ExampleAccount.exampleFile(dir);
    String yaml = Files.readString(file);
    String block = yaml.substring(yaml.indexOf("bootstrap: |"), yaml.indexOf("\ntags:") + 1);
    Files.writeString(
        file,
        yaml.replace(
                block,
                "bootstrap: |\n  "
                    + BOOTSTRAP.strip().replace("\n", "\n  ")
                    + "\nreload: '"
                    + RELOAD
                    + "'\n")
            .replace("command: nc -z 127.0.0.1 9092", "command: '" + HEALTH + "'"));
    return file;
  }

  @Test
  void shellVariablesNamedLikeTheTemplatesOwnPassAwsValidator() throws Exception {
    CliRun synth = CliRun.run("synth", file().toString());
    assertThat(synth.exitCode()).as(synth.err()).isZero();

    ValidationReport report = CfnValidator.shared().validateBody("shell-text.json", synth.out());

    assertThat(report.isComplete()).as("%s", report).isTrue();
    assertThat(report.errors()).as("ERROR and FATAL diagnostics").isEmpty();
    assertThat(report.byRule("E1029")).isEmpty();
  }

  @Test
  void theNodeGetsEachTextExactlyAsWritten() throws Exception {
    CliRun deploy = CliRun.run(options -> sim, "", "deploy", file().toString());
    assertThat(deploy.exitCode()).as(deploy.err()).isZero();

    String instance =
        sim.stacks().listStackResources("kafka-prod").stream()
            .filter(r -> r.logicalId().equals("Node2Instance"))
            .map(StackResource::physicalId)
            .findFirst()
            .orElseThrow();
    assertThat(sim.ec2().nodeFile(instance, "/etc/stateful-cluster/bootstrap.sh"))
        .contains(BOOTSTRAP);
    assertThat(sim.ec2().nodeFile(instance, "/etc/stateful-cluster/health.sh").orElseThrow())
        .endsWith("\n" + HEALTH + "\n");
    assertThat(sim.ec2().nodeFile(instance, "/etc/stateful-cluster/reload.sh").orElseThrow())
        .endsWith("\n" + RELOAD + "\n");
  }
}
