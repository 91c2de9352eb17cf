package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cluster's life against the in-memory model: create, status, a deploy that changes nothing, a
 * tag change, a volume size change, destroy with final snapshots.
 */
class DeployLifecycleTest {
  final SimWorld world = new SimWorld();
  static final String NAME = "kafka-test";

  @Test
  void createStatusNoOpTagChangeGrowAndDestroy() throws Exception {
    // create
    assertThat(world.deploy(SimWorld.counted(NAME, 3, ""))).isEqualTo(Deployer.Outcome.CREATED);
    assertThat(world.stack(NAME).status()).isEqualTo(StackStatus.CREATE_COMPLETE);
    assertThat(world.stack(NAME).terminationProtection()).isTrue();
    assertThat(world.sim.stacks().getStackPolicy(NAME))
        .get()
        .asString()
        .contains("\"Update:Replace\",\"Update:Delete\"")
        .contains("AWS::EC2::NetworkInterface");
    assertThat(world.output())
        .contains("new stack")
        .contains("verdict: safe")
        .containsPattern("Node3Instance +CREATE_COMPLETE +\\(\\d+/\\d+\\)");
    Map<String, String> durable = world.durableIds(NAME);
    assertThat(durable).hasSize(6);

    // status
    ClusterStatus status = new StatusReader(world.cloud).read(NAME, 5);
    assertThat(status.nodes()).extracting(NodeStatus::instanceState).containsOnly("running");
    assertThat(status.nodes()).extracting(NodeStatus::ami).containsOnly(SimWorld.AMI_OLD);
    assertThat(status.nodes()).extracting(NodeStatus::size).containsOnly(100);
    assertThat(status.nodes().get(1).privateIp()).startsWith("10.0.2.");
    assertThat(status.events()).hasSize(5);

    // a deploy that changes nothing executes nothing
    int executed = world.calls("ExecuteChangeSet");
    assertThat(world.deploy(SimWorld.counted(NAME, 3, ""))).isEqualTo(Deployer.Outcome.NO_CHANGES);
    assertThat(world.calls("ExecuteChangeSet")).isEqualTo(executed);

    // a tag change updates in place
    world.lines.clear();
    assertThat(world.deploy(SimWorld.counted(NAME, 3, "tags: {team: data}\n")))
        .isEqualTo(Deployer.Outcome.UPDATED);
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    assertThat(world.sim.ec2().describeVolumes(List.of(durable.get("Node1Volume"))).get(0).tags())
        .containsEntry("team", "data");

    // a size change modifies every volume in place
    world.lines.clear();
    String bigger =
        SimWorld.counted(NAME, 3, "tags: {team: data}\n")
            .replace("volume: {size: 100,", "volume: {size: 200,");
    assertThat(world.deploy(bigger)).isEqualTo(Deployer.Outcome.UPDATED);
    assertThat(world.output())
        .containsPattern("Modify +Node1Volume +AWS::EC2::Volume +False")
        .containsPattern("Modify +Node2Volume +AWS::EC2::Volume +False")
        .containsPattern("Modify +Node3Volume +AWS::EC2::Volume +False")
        .doesNotContainPattern("Volume +AWS::EC2::Volume +(True|Conditional)");
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    assertThat(world.sim.ec2().describeVolumes(List.of(durable.get("Node2Volume"))))
        .extracting(Ec2Api.Volume::size)
        .containsExactly(200);

    // another instance type would stop every node at once in one update: it is rolled instead,
    // one node away at a time (DeployRollTest has the details)
    int updates = world.calls("ExecuteChangeSet");
    assertThat(world.deploy(bigger.replace("m6i.large", "m6i.xlarge")))
        .isEqualTo(Deployer.Outcome.UPDATED);
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(3 + 1);
    assertThat(world.output()).doesNotContain("stopped and started");
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    RollTest.assertAtMostOneNodeDown(world, NAME);

    // destroy: every volume snapshotted, with the lines that restore the cluster
    world.sim.ec2().writeData(durable.get("Node2Volume"), "node2's data");
    List<Destroyer.FinalSnapshot> finals =
        new Destroyer(world.cloud, world.polling, world.progress).destroy(NAME).nodes();
    assertThat(world.sim.stacks().describeStack(NAME)).isEmpty();
    assertThat(finals)
        .extracting(Destroyer.FinalSnapshot::volumeId)
        .containsExactly(
            durable.get("Node1Volume"), durable.get("Node2Volume"), durable.get("Node3Volume"));
    assertThat(finals).allSatisfy(f -> assertThat(f.snapshotId()).startsWith("snap-"));
    assertThat(world.sim.ec2().snapshotData(finals.get(1).snapshotId())).isEqualTo("node2's data");
    assertThat(Destroyer.restoreLines(finals))
        .contains(
            "nodes:",
            "  - subnet: " + SimWorld.SUBNETS[1] + "    # node2",
            "    availabilityZone: eu-west-1b",
            "    snapshot: " + finals.get(1).snapshotId());
  }

  @Test
  void planPrintsTheChangeSetAndChangesNothing() throws Exception {
    Deployer.Outcome outcome =
        world.deployer().plan(SimWorld.spec(SimWorld.counted(NAME, 2, "")), Deployer.Options.NONE);

    assertThat(outcome).isEqualTo(Deployer.Outcome.PLANNED);
    assertThat(world.output())
        .containsPattern("Add +Node2Instance +AWS::EC2::Instance")
        .contains("verdict: safe");
    assertThat(world.sim.stacks().describeStack(NAME)).as("no stack left behind").isEmpty();
    assertThat(world.calls("ExecuteChangeSet")).isZero();
  }
}
