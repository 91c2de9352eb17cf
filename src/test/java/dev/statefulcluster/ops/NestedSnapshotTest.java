package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NodeValues;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * snapshot and restore of a cluster over several stacks: every node's volume found through the
 * children, and each node's data back on its node from a set or from destroy's lines.
 */
class NestedSnapshotTest {
  static final String NAME = "wide";
  static final int NODES = 100;
  final SimWorld world = new SimWorld();

  /** The physical ids of every child's resources, by logical id. */
  private Map<String, String> childIds(String cluster) {
    Map<String, String> ids = new TreeMap<>();
    for (StackResource r : world.sim.stacks().listStackResources(cluster)) {
      if (r.nestedStack()) {
        ids.putAll(world.physicalIds(r.physicalId()));
      }
    }
    return ids;
  }

  private Map<String, String> createWithData() throws Exception {
    world.deploy(SimWorld.counted(NAME, NODES, ""));
    Map<String, String> ids = childIds(NAME);
    for (int n = 1; n <= NODES; n++) {
      world.sim.ec2().writeData(ids.get("Node" + n + "Volume"), "data of node" + n);
    }
    return ids;
  }

  private Snapshotter snapshotter() {
    return new Snapshotter(world.cloud, world.polling, world.progress);
  }

  private Map<String, Integer> callsSince(Map<String, Integer> before) {
    Map<String, Integer> calls = new TreeMap<>();
    world
        .sim
        .calls()
        .forEach(
            (api, k) -> {
              if (k - before.getOrDefault(api, 0) > 0) {
                calls.put(api, k - before.getOrDefault(api, 0));
              }
            });
    return calls;
  }

  /** Each node's volume holds its own data, and its instance runs with its address. */
  private void assertEachNodeHasItsData(String cluster, Map<Integer, String> ips) {
    Map<String, String> ids = childIds(cluster);
    for (int n = 1; n <= NODES; n++) {
      assertThat(world.sim.ec2().readData(ids.get("Node" + n + "Volume")))
          .as("node%d", n)
          .isEqualTo("data of node" + n);
      if (ips != null) {
        Ec2Api.Instance i =
            world.sim.ec2().describeInstances(List.of(ids.get("Node" + n + "Instance"))).get(0);
        assertThat(i.privateIpAddress()).as("node%d", n).isEqualTo(ips.get(n));
      }
    }
  }

  @Test
  void aHundredNodesSnapshotAsOneSetFoundThroughTheChildrenAndRestoreANewCluster()
      throws Exception {
    Map<String, String> ids = createWithData();
    Map<String, Integer> before = new HashMap<>(world.sim.calls());

    Snapshotter.SnapshotSet set = snapshotter().snapshot(NAME, Map.of());

    assertThat(set.members()).hasSize(NODES);
    assertThat(set.duplicates()).isEmpty();
    for (Snapshotter.Member m : set.members()) {
      assertThat(m.volumeId()).isEqualTo(ids.get("Node" + m.node() + "Volume"));
      assertThat(m.state()).isEqualTo("completed");
      assertThat(world.sim.ec2().snapshotData(m.snapshotId())).isEqualTo("data of node" + m.node());
    }
    // The volumes are found in one call per stack holding nodes (three groups), not per node.
    Map<String, Integer> calls = callsSince(before);
    assertThat(calls).containsEntry("ListStackResources", 1 + 3).containsEntry("DescribeStacks", 1);
    assertThat(calls.get("CreateSnapshot")).isEqualTo(NODES);
    assertThat(calls.get("CreateTags")).isEqualTo(1);
    // Snapshots read in batches of volumes (before, after creating, while waiting), not per node.
    assertThat(calls.get("DescribeSnapshots")).isLessThan(15);
    assertThat(SnapshotSets.resolve(set.name(), NODES, world.sim.ec2()))
        .containsExactlyElementsOf(
            set.members().stream().map(Snapshotter.Member::snapshotId).toList());

    // A new cluster from the set: each node's volume from its node's snapshot, written into the
    // parent's parameters of the child holding it.
    world
        .deployer()
        .deploy(
            SimWorld.spec(SimWorld.counted("again", NODES, "")),
            new Deployer.Options(SimWorld.BUCKET, set.name()));

    assertEachNodeHasItsData("again", null);
    Map<String, String> restoredIds = childIds("again");
    Map<Integer, NodeValues> parameters =
        ClusterLayout.settingsOf(
            TemplateDocument.parse(world.sim.stacks().getTemplate("again")).root());
    assertThat(parameters).hasSize(NODES);
    for (Snapshotter.Member m : set.members()) {
      Ec2Api.Volume v =
          world
              .sim
              .ec2()
              .describeVolumes(List.of(restoredIds.get("Node" + m.node() + "Volume")))
              .get(0);
      assertThat(v.snapshotId()).isEqualTo(m.snapshotId());
      assertThat(parameters.get(m.node()).snapshot()).isEqualTo(m.snapshotId());
    }
  }

  @Test
  void snapshotOfAHundredNodesKilledMidwayAndRunAgainFinishesTheSameSet() throws Exception {
    createWithData();
    KillingCloud killing = new KillingCloud(world.cloud, "createSnapshot"::equals, 40);
    assertThat(
            catchThrowable(
                () ->
                    new Snapshotter(killing, world.polling, world.progress)
                        .snapshot(NAME, Map.of())))
        .isInstanceOf(KillingCloud.Killed.class);
    world.sim.ticker().sleep(Duration.ofMinutes(5));

    Snapshotter.SnapshotSet set = snapshotter().snapshot(NAME, Map.of());

    assertThat(set.resumed()).isTrue();
    assertThat(world.sim.ec2().findSnapshots(Map.of("stateful-cluster:cluster", NAME)))
        .hasSize(NODES);
    assertThat(SnapshotSets.resolve(set.name(), NODES, world.sim.ec2())).hasSize(NODES);
  }

  @Test
  void destroysLinesBringEachNodesDataBackOnItsNodeAndAddress() throws Exception {
    createWithData();
    Map<Integer, String> ips = new TreeMap<>();
    for (NodeStatus n : new StatusReader(world.cloud).read(NAME, 0).nodes()) {
      ips.put(n.number(), n.privateIp());
    }
    Destroyer.Result result =
        new Destroyer(world.cloud, world.polling, world.progress).destroy(NAME);
    String file = SimWorld.counted(NAME, NODES, "");
    String restored =
        file.substring(0, file.indexOf("nodes:"))
            + String.join("\n", Destroyer.restoreLines(result.nodes()))
            + "\n"
            + file.substring(file.indexOf("volume:"));

    world.deploy(restored);

    assertEachNodeHasItsData(NAME, ips);
  }
}
