package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.spec.SpecException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every change that would cost a node its address or its data is refused before anything runs, in
 * the words of the cluster file; a node that never signals rolls its update back with every
 * interface and volume intact; throttled calls are retried.
 */
class DeployGuardsTest {
  static final String NAME = "zk-test";
  static final String BASE = SimWorld.listed(NAME, "{size: 100}", "");
  final SimWorld world = new SimWorld();
  Map<String, String> durable;

  @BeforeEach
  void createCluster() throws Exception {
    world.deploy(BASE);
    durable = world.durableIds(NAME);
  }

  private Throwable refusedDeploy(String yaml) {
    int changeSets = world.calls("CreateChangeSet");
    Throwable t = catchThrowable(() -> world.deploy(yaml));
    assertThat(world.calls("CreateChangeSet"))
        .as("refused before any change set")
        .isEqualTo(changeSets);
    assertThat(world.stack(NAME).status()).isEqualTo(StackStatus.CREATE_COMPLETE);
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    return t;
  }

  @Test
  void anotherSubnetWouldReplaceTheInterfaceAndMoveTheVolume() {
    String moved =
        BASE.replace(
            "- {subnet: "
                + SimWorld.SUBNETS[1]
                + ", availabilityZone: eu-west-1b, privateIp: 10.0.2.10}",
            "- {subnet: "
                + SimWorld.SUBNETS[2]
                + ", availabilityZone: eu-west-1c, privateIp: 10.0.3.20}");

    Throwable t = refusedDeploy(moved);

    assertThat(t)
        .isInstanceOf(SpecException.class)
        .hasMessageContainingAll(
            "cluster.yaml:7: nodes[1]: node2's interface is in "
                + SimWorld.SUBNETS[1]
                + "; another subnet would replace it",
            "cluster.yaml:7: nodes[1]: node2's volume is in eu-west-1b and cannot move to"
                + " eu-west-1c",
            "nodes[1].privateIp: node2 has address 10.0.2.10; another would replace its interface");
  }

  @Test
  void anotherSnapshotWouldReplaceTheVolume() {
    world.sim.ec2().addSnapshot("snap-00000000000000009", 50, Map.of(), "old data");
    String restored =
        BASE.replace(
            "privateIp: 10.0.1.10}", "privateIp: 10.0.1.10, snapshot: snap-00000000000000009}");

    Throwable t = refusedDeploy(restored);

    assertThat(t)
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            "cluster.yaml:6: nodes[0].snapshot: node1's volume was created blank; a snapshot is"
                + " read only when a volume is created, and another would replace the volume");
  }

  @Test
  void removingANodeWouldDeleteItsVolumeAndAddress() {
    String fewer =
        BASE.replace(
            "  - {subnet: "
                + SimWorld.SUBNETS[2]
                + ", availabilityZone: eu-west-1c, privateIp: 10.0.3.10}\n",
            "");

    assertThat(refusedDeploy(fewer))
        .hasMessageContaining(
            "the cluster has 3 nodes but the file"
                + " lists 2; removing a node would delete its volume and address");
  }

  @Test
  void volumesCannotShrinkOrChangeTheirEncryption() {
    assertThat(refusedDeploy(BASE.replace("{size: 100}", "{size: 50}")))
        .hasMessageContaining("volume.size: EBS volumes cannot shrink: node1's is 100 GiB");
    assertThat(refusedDeploy(BASE.replace("{size: 100}", "{size: 100, encrypted: false}")))
        .hasMessageContaining(
            "volume.encrypted: the encryption of existing volumes cannot" + " change");
  }

  @Test
  void userDataChangedOnEveryNodeIsRolledNotStoppedAllAtOnce() throws Exception {
    // Another OS family changes every instance's user data: in one update, a stop and start
    // each, in parallel. deploy keeps it out of the in-place update and rolls it instead.
    String otherOs =
        BASE.replace(
            "image: {ami: " + SimWorld.AMI_OLD + "}",
            "image: {ami: " + SimWorld.AMI_OLD + ", os: amazon-linux-2}");
    assertThat(otherOs).isNotEqualTo(BASE);
    int updates = world.calls("ExecuteChangeSet");

    assertThat(world.deploy(otherOs)).isEqualTo(Deployer.Outcome.UPDATED);

    assertThat(world.output())
        .contains("node1, node2, node3: image.os amazon-linux-2023 -> amazon-linux-2")
        .doesNotContain("stopped and started");
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(3 + 1);
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    RollTest.assertAtMostOneNodeDown(world, NAME);
  }

  @Test
  void aNewNodeThatNeverSignalsRollsTheUpdateBackLeavingEveryNodeIntact() throws Exception {
    String fourth =
        BASE.replace(
            "volume:",
            "  - {subnet: "
                + SimWorld.SUBNETS[0]
                + ", availabilityZone: eu-west-1a, ami: "
                + SimWorld.AMI_SILENT
                + "}\nvolume:");

    Throwable t = catchThrowable(() -> world.deploy(fourth));

    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessageContainingAll(
            "updating zk-test failed; the stack is UPDATE_ROLLBACK_COMPLETE",
            "Node4Instance CREATE_FAILED: Failed to receive 1 resource signal(s)");
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    for (String id : durable.values()) {
      if (id.startsWith("eni-")) {
        assertThat(world.sim.ec2().networkInterface(id))
            .get()
            .satisfies(eni -> assertThat(eni.status()).isEqualTo("in-use"));
      }
    }
    assertThat(new StatusReader(world.cloud).read(NAME, 0).nodes())
        .extracting(NodeStatus::instanceState)
        .containsExactly("running", "running", "running");

    // the next deploy of the file as it was carries on from there
    assertThat(world.deploy(BASE)).isEqualTo(Deployer.Outcome.NO_CHANGES);
  }

  @Test
  void throttledCallsAreRetried() throws Exception {
    world.sim.throttle("DescribeStackEvents", 3);
    world.sim.throttle("DescribeStacks", 2);
    world.sim.throttle("CreateChangeSet", 1);

    assertThat(world.deploy(BASE.replace("{size: 100}", "{size: 150}")))
        .isEqualTo(Deployer.Outcome.UPDATED);

    assertThat(world.cloud.retries()).isEqualTo(6);
  }

  @Test
  void aFailedCreateIsClearedAndCreatedAgainOnTheNextDeploy() throws Exception {
    String other = "other-test";
    String silent = SimWorld.counted(other, 1, "").replace(SimWorld.AMI_OLD, SimWorld.AMI_SILENT);

    assertThat(catchThrowable(() -> world.deploy(silent)))
        .hasMessageContaining("creating other-test failed; the stack is ROLLBACK_COMPLETE");

    assertThat(world.deploy(SimWorld.counted(other, 1, ""))).isEqualTo(Deployer.Outcome.CREATED);
    assertThat(world.output()).contains("other-test is ROLLBACK_COMPLETE: its creation failed");
  }
}
