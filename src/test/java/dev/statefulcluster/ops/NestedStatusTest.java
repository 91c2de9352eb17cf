package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackResource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** status of a cluster over several stacks: every node, in calls that grow with the stacks. */
class NestedStatusTest {
  static final String NAME = "wide";
  final SimWorld world = new SimWorld();

  @Test
  void aHundredNodesShowOneRowEachReadInAFewCallsPerChildStack() throws Exception {
    // Three groups, six children: the parent's stack, resources and template; per child its
    // resources; per nodes child its template; one call each for every instance, instance
    // status, volume, volume modification and interface (the addresses: up to 200 a call).
    assertStatus(100, 3, 1);
  }

  /**
   * DescribeInstanceStatus takes at most 100 instance ids a request (the model refuses more, as EC2
   * does): 130 nodes' checks take two, every other call is as for 100.
   */
  @Test
  void aHundredAndThirtyNodesAskInstanceStatusInTwoRequests() throws Exception {
    assertStatus(130, 4, 2);
  }

  private void assertStatus(int count, int groups, int statusCalls) throws Exception {
    world.deploy(SimWorld.counted(NAME, count, ""));
    Map<String, String> ids = new TreeMap<>();
    for (StackResource r : world.sim.stacks().listStackResources(NAME)) {
      if (r.nestedStack()) {
        ids.putAll(world.physicalIds(r.physicalId()));
      }
    }
    // Node 57's instance is terminated behind CloudFormation's back.
    world.sim.ec2().terminateInstance(ids.get("Node57Instance"));
    Map<String, Integer> before = new HashMap<>(world.sim.calls());

    ClusterStatus status = new StatusReader(world.cloud).read(NAME, 0);

    assertThat(status.nodes()).hasSize(count);
    for (NodeStatus n : status.nodes()) {
      int i = n.number();
      assertThat(n.name()).isEqualTo("node" + i);
      assertThat(n.eniId()).isEqualTo(ids.get("Node" + i + "Eni"));
      assertThat(n.volumeId()).isEqualTo(ids.get("Node" + i + "Volume"));
      assertThat(n.instanceId()).isEqualTo(ids.get("Node" + i + "Instance"));
      assertThat(n.privateIp())
          .isEqualTo(
              world
                  .sim
                  .ec2()
                  .networkInterface(ids.get("Node" + i + "Eni"))
                  .orElseThrow()
                  .privateIpAddress());
      assertThat(n.size()).isEqualTo(100);
      assertThat(n.templateSize()).isEqualTo(100);
      assertThat(n.ami()).isEqualTo(SimWorld.AMI_OLD);
      if (i != 57) {
        assertThat(n.instanceState()).as("node%d", i).isEqualTo("running");
        assertThat(n.systemCheck()).as("node%d", i).isIn("ok", "initializing");
        assertThat(n.drift()).as("node%d", i).isNull();
      }
    }
    Map<String, Integer> calls = new TreeMap<>();
    world
        .sim
        .calls()
        .forEach(
            (api, k) -> {
              int made = k - before.getOrDefault(api, 0);
              if (made > 0) {
                calls.put(api, made);
              }
            });
    assertThat(calls)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "DescribeStacks", 1,
                "DescribeNetworkInterfaces", 1,
                "ListStackResources", 1 + 2 * groups,
                "GetTemplate", 1 + groups,
                "DescribeInstances", 1,
                "DescribeInstanceStatus", statusCalls,
                "DescribeVolumes", 1,
                "DescribeVolumesModifications", 1));
    Ec2Api.Instance gone =
        world.sim.ec2().describeInstances(List.of(ids.get("Node57Instance"))).get(0);
    assertThat(status.nodes().get(56).instanceState()).isEqualTo(gone.state());
    assertThat(status.nodes().get(56).drift()).contains("terminated outside CloudFormation");
    assertThat(status.nodes().stream().map(NodeStatus::privateIp).distinct()).hasSize(count);
  }
}
