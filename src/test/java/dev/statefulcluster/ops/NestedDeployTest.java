package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.core.OpsException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** deploy and plan of a cluster over several stacks, on the in-memory model. */
class NestedDeployTest {
  static final String NAME = "wide";
  final SimWorld world = new SimWorld();

  @Test
  void aHundredNodesAreCreatedOverNestedStacksEachChildProtected() throws Exception {
    assertThat(world.deploy(SimWorld.counted(NAME, 100, ""))).isEqualTo(Deployer.Outcome.CREATED);

    Map<String, String> children = children();
    assertThat(children.keySet())
        .containsExactly("Network1", "Network2", "Network3", "Nodes1", "Nodes2", "Nodes3");
    assertThat(world.physicalIds(children.get("Nodes2")))
        .containsKeys("Node41Volume", "Node41Instance", "Node80Instance", "NodeConfig")
        .doesNotContainKey("Node41Eni");
    assertThat(world.physicalIds(children.get("Network3"))).containsKeys("Node81Eni", "Node100Eni");
    assertThat(world.stack(NAME).parameters()).containsOnlyKeys("NodeDown");
    for (String child : children.values()) {
      assertThat(world.sim.stacks().getStackPolicy(child)).contains(Deployer.policy());
    }
    assertThat(world.sim.stacks().getStackPolicy(NAME)).contains(Deployer.policy());
    // The node's shared config lists every node's address, across groups.
    assertThat(world.stack(children.get("Network1")).outputs().get("Addresses").split(","))
        .hasSize(40);
  }

  @Test
  void aChangeThatReplacesAnInterfaceInAnyChildRefusesTheWholeUpdate() throws Exception {
    world.deploy(SimWorld.counted(NAME, 70, ""));
    Map<String, String> before = durable();
    // The subnets in another order: every node's interface would move subnet (a replacement).
    String moved =
        SimWorld.counted(NAME, 70, "")
            .replace(
                "[" + SimWorld.SUBNETS[0] + ", " + SimWorld.SUBNETS[1],
                "[" + SimWorld.SUBNETS[1] + ", " + SimWorld.SUBNETS[0]);

    OpsException e =
        catchThrowableOfType(
            OpsException.class,
            () -> world.deployer().plan(SimWorld.spec(moved), SimWorld.WITH_BUCKET));

    assertThat(e.getMessage()).contains("nothing was changed");
    assertThat(world.output()).contains("Node41Eni (node41's network interface) would be replaced");
    assertThat(durable()).isEqualTo(before);
  }

  @Test
  void growingANestedClusterKeepsEveryInterfaceAndVolumeAndBringsTheNewNodesUp() throws Exception {
    world.deploy(SimWorld.counted(NAME, 70, ""));
    Map<String, String> before = durable();
    assertThat(before).hasSize(140);

    // Nodes 71 to 80 join group 2; 81 to 90 make a third group, its children new.
    assertThat(world.deploy(SimWorld.counted(NAME, 90, ""))).isEqualTo(Deployer.Outcome.UPDATED);

    Map<String, String> after = durable();
    assertThat(after).hasSize(180).containsAllEntriesOf(before);
    assertThat(world.stack(NAME).status()).isEqualTo(StackStatus.UPDATE_COMPLETE);
    Map<String, String> children = children();
    assertThat(children.keySet())
        .containsExactly("Network1", "Network2", "Network3", "Nodes1", "Nodes2", "Nodes3");
    Map<String, String> instances = new TreeMap<>();
    for (String child : List.of(children.get("Nodes2"), children.get("Nodes3"))) {
      instances.putAll(world.physicalIds(child));
    }
    for (int n = 71; n <= 90; n++) {
      String id = instances.get("Node" + n + "Instance");
      assertThat(id).as("node%d's instance", n).isNotNull();
      Ec2Api.Instance i = world.sim.ec2().describeInstances(List.of(id)).get(0);
      assertThat(i.state()).as("node%d's instance", n).isEqualTo("running");
      assertThat(i.networkInterfaceIds()).containsExactly(after.get("Node" + n + "Eni"));
    }
  }

  private Map<String, String> children() {
    Map<String, String> out = new TreeMap<>();
    for (StackResource r : world.sim.stacks().listStackResources(NAME)) {
      if (r.nestedStack()) {
        out.put(r.logicalId(), r.physicalId());
      }
    }
    return out;
  }

  private Map<String, String> durable() {
    Map<String, String> out = new TreeMap<>();
    for (String child : children().values()) {
      out.putAll(world.durableIds(child));
    }
    return out;
  }
}
