package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The template's size as deploy sends it (compact JSON): a node costs the same whatever the
 * cluster's size (no part that grows with the number of nodes), as bench/synth.sh prints it.
 */
public class TemplateSizeTest {
  /** What a node may cost (the goal; 2,335 now), so that no change adds bytes to every node. */
  static final int BYTES_PER_NODE_NOW = 2_500;

  static String etcd(int nodes) throws IOException {
    String example = Files.readString(Path.of("examples/etcd.yaml"));
    return example.replace("\n  count: 5\n", "\n  count: " + nodes + "\n");
  }

  static int bytes(String yaml) {
    return Synthesis.of(SpecReader.read("cluster.yaml", yaml)).bytes();
  }

  @Test
  void aNodeCostsTheSameAt3To30NodesAsAt30To60() throws IOException {
    int b3 = bytes(etcd(3));
    int b30 = bytes(etcd(30));
    int b60 = bytes(etcd(60));
    double small = (b30 - b3) / 27.0;
    double large = (b60 - b30) / 30.0;
    System.out.printf(
        "template bytes 3/30/60 nodes: %d %d %d; per added node %.0f and %.0f%n",
        b3, b30, b60, small, large);
    assertThat(large).isCloseTo(small, org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(large).isLessThanOrEqualTo(BYTES_PER_NODE_NOW);
  }

  /** Fifteen listed nodes with pinned addresses, a reload command and three user tags. */
  public static String fifteen() {
    StringBuilder nodes = new StringBuilder();
    for (int i = 0; i < 15; i++) {
      int s = i % 3 + 1;
      nodes.append(
          "  - {subnet: subnet-0a1b2c3d4e5f6000%d, availabilityZone: eu-west-1%c, privateIp: 10.0.%d.%d}\n"
              .formatted(s, "abc".charAt(i % 3), s, 10 + i));
    }
    return """
        name: fifteen
        vpc: vpc-0a1b2c3d4e5f60718
        instanceType: m6i.large
        image: {ami: ami-0c1d2e3f4a5b6c7d8}
        keyPair: ops
        nodes:
        %svolume: {size: 100, mountPoint: /var/lib/app}
        ports: {members: [7000], clients: [9042]}
        health: {signalTimeout: 15m, command: nc -z 127.0.0.1 9042}
        reload: systemctl reload app
        tags: {team: platform, cost-center: cc-1234, environment: production}
        """
        .formatted(nodes);
  }

  @Test
  void fifteenPinnedNodesWithThreeTags() {
    int b15 = bytes(fifteen());
    int b14 = bytes(fifteen().replaceFirst("(?m)^  - .*\\n", ""));
    System.out.printf("15 pinned nodes, 3 tags: %d bytes; the 15th node %d%n", b15, b15 - b14);
    // The file's tags are the stack's: they cost the template nothing, whatever their number.
    assertThat(b15).isEqualTo(bytes(fifteen().replaceFirst("(?m)^tags: .*$", "")));
    assertThat(b15 - b14).isLessThanOrEqualTo(BYTES_PER_NODE_NOW);
    // Sent inline, no bucket needed: CloudFormation's limit for a template in the request.
    assertThat(b15).isLessThanOrEqualTo(51_200);
  }
}
