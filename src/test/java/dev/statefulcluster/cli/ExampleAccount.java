package dev.statefulcluster.cli;

import dev.statefulcluster.cloud.sim.ImageBehavior;
import dev.statefulcluster.cloud.sim.SimCloud;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The AWS account examples/kafka.yaml deploys into, in the in-memory model: its VPC, its three
 * subnets with the addresses the file pins, the AMI it names and a newer one to roll to.
 */
final class ExampleAccount {
  static final String AMI = "ami-0c1d2e3f4a5b6c7d8";
  static final String AMI_NEW = "ami-0c1d2e3f4a5b6c7d9";
  static final ImageBehavior BOOTS = ImageBehavior.signalsAfter(Duration.ofMinutes(2));

  private ExampleAccount() {}

  /** The account in a new model of eu-west-1. */
  static SimCloud create() {
    SimCloud sim = new SimCloud(dev.statefulcluster.cloud.sim.SimLatencies.defaults(), "eu-west-1");
    sim.ec2().addVpc("vpc-0a1b2c3d4e5f60718", "10.0.0.0/16");
    for (int i = 1; i <= 3; i++) {
      sim.ec2()
          .addSubnet(
              "subnet-0a1b2c3d4e5f6000" + i,
              "vpc-0a1b2c3d4e5f60718",
              "eu-west-1" + (char) ('a' + i - 1),
              "10.0." + i + ".0/24");
    }
    sim.ec2().addImage(AMI, "v1", "/dev/xvda", BOOTS).addImage(AMI_NEW, "v2", "/dev/xvda", BOOTS);
    return sim;
  }

  /** A copy of examples/kafka.yaml in {@code dir}, for a test to change. */
  static Path exampleFile(Path dir) throws IOException {
    Path file = dir.resolve("kafka.yaml");
    Files.writeString(file, Files.readString(Path.of("examples/kafka.yaml")));
    return file;
  }
}
