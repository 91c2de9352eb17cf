package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.sim.ImageBehavior;
import dev.statefulcluster.cloud.sim.SimCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloud commands end to end, their output and exit codes, against the in-memory model. */
class CloudCommandsTest {
  static final String AMI = "ami-0c1d2e3f4a5b6c7d8";
  static final String AMI_NEW = "ami-0c1d2e3f4a5b6c7d9";
  final SimCloud sim = new SimCloud(dev.statefulcluster.cloud.sim.SimLatencies.defaults(),
      "eu-west-1");
  @TempDir Path dir;
  Path file;

  @BeforeEach
  void account() throws Exception {
    sim.ec2().addVpc("vpc-0a1b2c3d4e5f60718", "10.0.0.0/16");
    for (int i = 1; i <= 3; i++) {
      sim.ec2().addSubnet("subnet-0a1b2c3d4e5f6000" + i, "vpc-0a1b2c3d4e5f60718",
          "eu-west-1" + (char) ('a' + i - 1), "10.0." + i + ".0/24");
    }
    sim.ec2().addImage(AMI, "v1", "/dev/xvda", ImageBehavior.signalsAfter(Duration.ofMinutes(2)))
        .addImage(AMI_NEW, "v2", "/dev/xvda", ImageBehavior.signalsAfter(Duration.ofMinutes(2)));
    file = dir.resolve("kafka.yaml");
    Files.writeString(file, Files.readString(Path.of("examples/kafka.yaml")));
  }

  CliRun run(String stdin, String... args) {
    return CliRun.run(options -> sim, stdin, args);
  }

  @Test
  void deployStatusRollDestroy() throws Exception {
    CliRun deploy = run("", "deploy", file.toString());
    assertThat(deploy.exitCode()).as(deploy.err()).isZero();
    assertThat(deploy.out()).contains("kafka-prod: new stack, 15 changes:")
        .contains("verdict: safe").contains("kafka-prod: created")
        .containsPattern("node2 +10\\.0\\.2\\.10 +eni-[0-9a-f]+ +i-[0-9a-f]+ +running +" + AMI);
    assertThat(deploy.err()).matches("\\(\\d+ AWS API calls\\)\\n");

    CliRun status = run("", "status", "kafka-prod", "--output", "json");
    assertThat(status.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(status.out());
    assertThat(json.get("stackStatus").asText()).isEqualTo("CREATE_COMPLETE");
    assertThat(json.get("nodes")).hasSize(3);
    assertThat(json.get("nodes").get(0).get("privateIp").asText()).isEqualTo("10.0.1.10");
    assertThat(json.get("nodes").get(2).get("sizeGiB").asInt()).isEqualTo(200);
    assertThat(json.get("events")).hasSize(10);

    CliRun plan = run("", "plan", file.toString());
    assertThat(plan.out()).contains("no changes");

    CliRun roll = run("", "roll", "kafka-prod", "--ami", AMI_NEW);
    assertThat(roll.exitCode()).as(roll.err()).isZero();
    assertThat(roll.out()).contains("4 stack updates").contains("[4/4] node3 up on " + AMI_NEW)
        .contains("rolled kafka-prod to " + AMI_NEW + " in 4 updates")
        .containsPattern("time each node was down: node1 \\d+s, node2 \\d+s, node3 \\d+s");

    CliRun notConfirmed = run("kafka\n", "destroy", "kafka-prod");
    assertThat(notConfirmed.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(notConfirmed.err()).contains("not confirmed; nothing was deleted");
    assertThat(sim.stacks().describeStack("kafka-prod")).isPresent();

    CliRun destroy = run("kafka-prod\n", "destroy", "kafka-prod");
    assertThat(destroy.exitCode()).as(destroy.err()).isZero();
    assertThat(destroy.out()).contains("kafka-prod deleted. Final snapshots (set kafka-prod-final-")
        .contains("    privateIp: 10.0.2.10").contains("--from-snapshots kafka-prod-final-");
    assertThat(sim.stacks().describeStack("kafka-prod")).isEmpty();
  }

  @Test
  void aRefusedChangeExitsFourAndAMissingClusterSix() throws Exception {
    assertThat(run("", "deploy", file.toString()).exitCode()).isZero();
    Files.writeString(file, Files.readString(file).replace("size: 200", "size: 100"));

    CliRun shrink = run("", "deploy", file.toString());
    assertThat(shrink.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(shrink.err()).contains("volume.size: EBS volumes cannot shrink: node1's is 200"
        + " GiB");

    CliRun grow = run("", "grow", "kafka-prod", "--size", "100");
    assertThat(grow.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(grow.err()).startsWith("refused: grow refused, nothing was changed:");

    CliRun missing = run("", "status", "nope");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(missing.err()).isEqualTo("error: no cluster named nope (no such CloudFormation"
        + " stack in this account and region)\n");
  }

  @Test
  void aFailedRollExitsOneWithTheReport() throws Exception {
    assertThat(run("", "deploy", file.toString()).exitCode()).isZero();
    sim.ec2().setImageBehavior(AMI_NEW, ImageBehavior.neverSignals());

    CliRun roll = run("", "roll", "kafka-prod", "--ami", AMI_NEW);

    assertThat(roll.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(roll.err()).contains("error: node1 failed on " + AMI_NEW)
        .contains("node1 is back on " + AMI);
  }

  @Test
  void awsFailuresAreOneLineWithExitCodeFive() {
    CliRun run = CliRun.run(options -> {
      throw new CloudException(CloudException.CONNECTION, "cannot reach"
          + " https://cloudformation.eu-west-9.amazonaws.com: unknown host; check --region or"
          + " --endpoint-url", false);
    }, "", "status", "kafka-prod", "--region", "eu-west-9");

    assertThat(run.exitCode()).isEqualTo(ExitCode.AWS);
    assertThat(run.err()).isEqualTo("error: AWS: cannot reach"
        + " https://cloudformation.eu-west-9.amazonaws.com: unknown host; check --region or"
        + " --endpoint-url (ConnectionFailure)\n");
  }

  @Test
  void rollRefusesAMalformedAmiBeforeReachingAws() {
    CliRun run = CliRun.run("roll", "kafka-prod", "--ami", "ami-xyz");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).isEqualTo("error: --ami: 'ami-xyz' is not an AMI id (expected ami- and"
        + " 8 or 17 hex digits)\n");
  }
}
