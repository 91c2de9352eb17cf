package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Instances re-created on the AMI each node runs (roll without an AMI, replace): a lost instance
 * comes back with the node's address and data; every node gets a fresh host, one at a time.
 */
class ReplaceTest {
  static final String NAME = "replace";
  final SimWorld world = new SimWorld();

  RollOptions recreate(List<Integer> nodes) {
    return RollOptions.recreate().onNodes(nodes);
  }

  @Test
  void anInstanceTerminatedBehindCloudFormationsBackIsReplacedKeepingAddressAndData()
      throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    Map<String, String> durable = world.durableIds(NAME);
    Map<String, String> before = world.physicalIds(NAME);
    world.sim.ec2().writeData(durable.get("Node2Volume"), "node2's data");
    assertThat(new StatusReader(world.cloud).read(NAME, 0).nodes())
        .extracting(NodeStatus::drift)
        .containsOnlyNulls();
    String address = new StatusReader(world.cloud).read(NAME, 0).nodes().get(1).privateIp();
    world.sim.ec2().terminateInstance(before.get("Node2Instance"));
    // status shows the drift CloudFormation does not see, and the command that repairs it.
    StatusTable.print(new StatusReader(world.cloud).read(NAME, 0), world.progress);
    assertThat(world.lines)
        .contains(
            "drift: node2: its instance "
                + before.get("Node2Instance")
                + " was terminated outside CloudFormation; repair: stateful-cluster replace "
                + NAME
                + " --nodes 2");
    int updates = world.calls("ExecuteChangeSet");

    Roller.Report report = world.roller().roll(NAME, recreate(List.of(2)));

    assertThat(report.failed()).as(report.failure()).isFalse();
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(2);
    Map<String, String> after = world.physicalIds(NAME);
    assertThat(after.get("Node2Instance")).isNotEqualTo(before.get("Node2Instance"));
    assertThat(after.get("Node1Instance")).isEqualTo(before.get("Node1Instance"));
    assertThat(after.get("Node3Instance")).isEqualTo(before.get("Node3Instance"));
    List<NodeStatus> nodes = new StatusReader(world.cloud).read(NAME, 0).nodes();
    assertThat(nodes).extracting(NodeStatus::instanceState).containsOnly("running");
    assertThat(nodes).extracting(NodeStatus::ami).containsOnly(SimWorld.AMI_OLD);
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    assertThat(world.sim.ec2().readData(durable.get("Node2Volume"))).isEqualTo("node2's data");
    assertThat(nodes).extracting(NodeStatus::drift).containsOnlyNulls();
    assertThat(nodes.get(1).privateIp()).isEqualTo(address);
    String instance = after.get("Node2Instance");
    assertThat(world.sim.ec2().describeInstances(List.of(instance)).get(0).privateIpAddress())
        .isEqualTo(address);
    RollTest.assertAtMostOneNodeDown(world, NAME);
  }

  @Test
  void rollWithoutAnAmiGivesEveryNodeAFreshInstanceOnTheAmiItRuns() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    world.roller().roll(NAME, RollOptions.to(SimWorld.AMI_NEW).onNodes(List.of(1)));
    Map<String, String> durable = world.durableIds(NAME);
    Map<String, String> before = world.physicalIds(NAME);
    int updates = world.calls("ExecuteChangeSet");
    world.lines.clear();

    Roller.Report report = world.roller().roll(NAME, recreate(List.of()));

    assertThat(report.failed()).isFalse();
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(4);
    assertThat(world.lines.get(0))
        .isEqualTo(
            "re-create "
                + NAME
                + "'s instances, each on the"
                + " AMI it runs: 4 stack updates, one node away at a time (each node gated on its"
                + " signal)");
    Map<String, String> after = world.physicalIds(NAME);
    for (int n = 1; n <= 3; n++) {
      assertThat(after.get("Node" + n + "Instance"))
          .isNotEqualTo(before.get("Node" + n + "Instance"));
    }
    assertThat(world.stack(NAME).parameters())
        .containsEntry("Node1Image", SimWorld.AMI_NEW)
        .containsEntry("Node2Image", SimWorld.AMI_OLD)
        .containsEntry("NodeDown", "none");
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    RollTest.assertAtMostOneNodeDown(world, NAME);
  }
}
