package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node added reaches the running nodes without a restart: NodeConfig's {@code cluster} config
 * changes, each running node's cfn-hup sees it within its interval, rewrites node.env and runs the
 * file's reload command once; a change elsewhere (a grow) runs no reload.
 */
class NodeEnvRefreshTest {
  static final String NAME = "members";
  static final String RELOAD = "reload: systemctl reload app\n";
  static final String NODE_ENV = "/etc/stateful-cluster/node.env";
  final SimWorld world = new SimWorld();

  @Test
  void aNodeAddedRewritesNodeEnvOnEachRunningNodeAndReloadsItOnceWithNoRestart() throws Exception {
    assertThat(world.deploy(SimWorld.counted(NAME, 3, RELOAD))).isEqualTo(Deployer.Outcome.CREATED);
    Map<String, String> before = world.physicalIds(NAME);
    List<String> three = addresses();
    assertThat(three).hasSize(3);
    for (int n = 1; n <= 3; n++) {
      String instance = before.get(ClusterLayout.node(n).instance());
      // At boot: node.env is the node's own values, then the cluster's; no reload yet.
      assertThat(nodeEnv(instance))
          .startsWith("NODE_NAME=node" + n + "\nNODE_NUMBER=" + n + "\n")
          .contains("CLUSTER_ADDRESSES=" + String.join(",", three) + "\n");
      assertThat(world.sim.ec2().reloads(instance)).isZero();
    }
    Instant created = world.sim.ticker().now();

    assertThat(world.deploy(SimWorld.counted(NAME, 4, RELOAD))).isEqualTo(Deployer.Outcome.UPDATED);
    // cfn-hup polls every minute (interval=1 in the cfn-hup.conf the template writes).
    world.sim.ticker().sleep(Duration.ofMinutes(1));

    Map<String, String> after = world.physicalIds(NAME);
    List<String> four = addresses();
    assertThat(four).hasSize(4).startsWith(three.toArray(String[]::new));
    for (int n = 1; n <= 4; n++) {
      String instance = after.get(ClusterLayout.node(n).instance());
      assertThat(nodeEnv(instance)).contains("CLUSTER_ADDRESSES=" + String.join(",", four) + "\n");
      // Nodes 1-3 reloaded once; node 4 booted with the list and had nothing to reload.
      assertThat(world.sim.ec2().reloads(instance))
          .as("node%d reloads", n)
          .isEqualTo(n <= 3 ? 1 : 0);
    }
    for (int n = 1; n <= 3; n++) {
      String id = ClusterLayout.node(n).instance();
      assertThat(after.get(id)).as(id).isEqualTo(before.get(id));
      assertThat(world.sim.ec2().describeInstances(List.of(after.get(id))).get(0).state())
          .isEqualTo("running");
    }
    // The update touched no instance of the running nodes: no event of theirs since the create.
    assertThat(world.sim.stacks().describeStackEvents(NAME, 1000))
        .filteredOn(e -> e.timestamp().isAfter(created))
        .extracting(StackEvent::logicalId)
        .contains("NodeConfig", "Node4Instance")
        .doesNotContain("Node1Instance", "Node2Instance", "Node3Instance");

    // A grow changes the nodes' own metadata and volumes, not the cluster's values: no reload.
    new Grower(world.cloud, world.polling, world.progress)
        .grow(NAME, new Grower.Options(150, null, null, List.of(), null, Duration.ofMinutes(20)));
    world.sim.ticker().sleep(Duration.ofMinutes(5));
    for (int n = 1; n <= 4; n++) {
      String instance = after.get(ClusterLayout.node(n).instance());
      assertThat(world.sim.ec2().reloads(instance))
          .as("node%d reloads", n)
          .isEqualTo(n <= 3 ? 1 : 0);
      assertThat(nodeEnv(instance)).contains("CLUSTER_ADDRESSES=" + String.join(",", four) + "\n");
    }
  }

  private String nodeEnv(String instanceId) {
    return world.sim.ec2().nodeFile(instanceId, NODE_ENV).orElseThrow();
  }

  /** The nodes' addresses in node order, as the stack's outputs give them. */
  /** The nodes' addresses as the stack's outputs list them, in node order. */
  private List<String> addresses() {
    return List.of(world.stack(NAME).outputs().get("ClusterAddresses").split(","));
  }
}
