package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackResource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** destroy of a cluster over several stacks: every node's final snapshot, from every child. */
class NestedDestroyTest {
  static final String NAME = "wide";
  final SimWorld world = new SimWorld();

  @Test
  void aHundredNodesLeaveAHundredFinalSnapshotsFoundAgainByARunAfterTheDelete() throws Exception {
    world.deploy(SimWorld.counted(NAME, 100, ""));
    Map<String, String> ids = new TreeMap<>();
    for (StackResource r : world.sim.stacks().listStackResources(NAME)) {
      if (r.nestedStack()) {
        ids.putAll(world.physicalIds(r.physicalId()));
      }
    }
    Map<String, String> ips = new TreeMap<>();
    for (NodeStatus n : new StatusReader(world.cloud).read(NAME, 0).nodes()) {
      ips.put(n.name(), n.privateIp());
    }

    Destroyer.Result result =
        new Destroyer(world.cloud, world.polling, world.progress).destroy(NAME);

    assertThat(world.sim.stacks().describeStack(NAME)).isEmpty();
    assertThat(result.nodes()).hasSize(100);
    assertThat(result.missing()).isEmpty();
    assertThat(result.set()).startsWith(NAME + "-final-");
    for (Destroyer.FinalSnapshot s : result.nodes()) {
      int n = s.node();
      assertThat(s.volumeId()).isEqualTo(ids.get("Node" + n + "Volume"));
      assertThat(s.state()).isEqualTo("completed");
      assertThat(s.subnet()).isEqualTo(SimWorld.SUBNETS[(n - 1) % 3]);
      assertThat(s.availabilityZone()).isEqualTo(SimWorld.ZONES[(n - 1) % 3]);
      assertThat(s.privateIp()).isEqualTo(ips.get("node" + n));
      assertThat(s.ami()).isEqualTo(SimWorld.AMI_OLD);
      Ec2Api.Snapshot snapshot = world.sim.ec2().describeSnapshots(List.of(s.snapshotId())).get(0);
      assertThat(snapshot.volumeId()).isEqualTo(s.volumeId());
      assertThat(snapshot.startTime()).isAfterOrEqualTo(result.deleteBegan());
    }
    assertThat(Destroyer.restoreLines(result.nodes())).contains("nodes:");

    // Run again once everything is deleted: the same snapshots, the stacks read by id.
    Destroyer.Result again =
        new Destroyer(world.cloud, world.polling, world.progress).destroy(NAME);
    assertThat(again.nodes()).isEqualTo(result.nodes());
    assertThat(again.set()).isEqualTo(result.set());
  }
}
