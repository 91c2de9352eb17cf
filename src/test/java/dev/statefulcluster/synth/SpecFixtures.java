package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.SpecReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Cluster files for tests: a valid base, varied by replacing or appending text. */
final class SpecFixtures {
  private SpecFixtures() {}

  static String base() {
    try {
      return Files.readString(Path.of("src/test/resources/spec/valid-list.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ClusterSpec parse(String yaml) {
    return SpecReader.read("cluster.yaml", yaml);
  }

  static ClusterSpec base(String extraYaml) {
    return parse(base() + extraYaml);
  }

  /** A cluster of {@code count} nodes over three subnets, with zones given. */
  static ClusterSpec counted(int count, String extraYaml) {
    return parse(
        """
        name: many
        vpc: vpc-0123456789abcdef0
        instanceType: m6i.large
        image: {ami: ami-0123456789abcdef0}
        nodes:
          count: %d
          subnets:
            - {id: subnet-00000000000000001, availabilityZone: eu-west-1a}
            - {id: subnet-00000000000000002, availabilityZone: eu-west-1b}
        volume: {size: 100}
        ports: {members: [7000], clients: [9042]}
        """
                .formatted(count)
            + extraYaml);
  }
}
