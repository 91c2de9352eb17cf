package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What status sees that CloudFormation does not: an instance failing EC2's status checks, stopped
 * by hand, or scheduled for retirement; each with the command that repairs it, and replace
 * repairing it. One DescribeInstanceStatus whatever the cluster's size.
 */
class DriftTest {
  static final String NAME = "drift";
  final SimWorld world = new SimWorld();

  ClusterStatus status() {
    return new StatusReader(world.cloud).read(NAME, 0);
  }

  Roller.Report replace(int node) throws InterruptedException {
    return world.roller().roll(NAME, RollOptions.recreate().onNodes(List.of(node)));
  }

  void settle() {
    world.sim.ticker().sleep(Duration.ofMinutes(5));
  }

  @Test
  void checksInitializeAfterADeployThenPass() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    assertThat(status().nodes()).extracting(StatusTable::checks).containsOnly("init/init");
    settle();
    assertThat(status().nodes()).extracting(StatusTable::checks).containsOnly("ok/ok");
    assertThat(status().nodes()).extracting(NodeStatus::drift).containsOnlyNulls();
  }

  @Test
  void anImpairedSystemCheckIsDriftThatReplaceRepairs() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    settle();
    Map<String, String> durable = world.durableIds(NAME);
    String impaired = world.physicalIds(NAME).get("Node2Instance");
    world.sim.ec2().writeData(durable.get("Node2Volume"), "node2's data");
    world.sim.ec2().impairSystemStatus(impaired);

    ClusterStatus before = status();
    StatusTable.print(before, world.progress);
    NodeStatus node2 = before.nodes().get(1);
    assertThat(node2.systemCheck()).isEqualTo("impaired");
    assertThat(node2.instanceCheck()).isEqualTo("ok");
    assertThat(StatusTable.checks(node2)).isEqualTo("impaired/ok");
    assertThat(world.lines)
        .contains(
            "drift: node2: its instance fails EC2's system status check (its host); repair:"
                + " stateful-cluster replace drift --nodes 2");
    assertThat(before.nodes().get(0).drift()).isNull();
    assertThat(before.nodes().get(2).drift()).isNull();

    Roller.Report report = replace(2);

    assertThat(report.failed()).as(report.failure()).isFalse();
    assertThat(world.physicalIds(NAME).get("Node2Instance")).isNotEqualTo(impaired);
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    assertThat(world.sim.ec2().readData(durable.get("Node2Volume"))).isEqualTo("node2's data");
    settle();
    assertThat(status().nodes()).extracting(NodeStatus::drift).containsOnlyNulls();
    assertThat(status().nodes()).extracting(StatusTable::checks).containsOnly("ok/ok");
  }

  @Test
  void anImpairedInstanceCheckIsDriftToo() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    settle();
    world.sim.ec2().impairInstanceStatus(world.physicalIds(NAME).get("Node3Instance"));

    NodeStatus node3 = status().nodes().get(2);

    assertThat(StatusTable.checks(node3)).isEqualTo("ok/impaired");
    assertThat(node3.drift()).isEqualTo("its instance fails EC2's instance status check");
    assertThat(node3.repair(NAME)).isEqualTo("stateful-cluster replace drift --nodes 3");
  }

  @Test
  void anInstanceStoppedByHandIsDrift() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    String stopped = world.physicalIds(NAME).get("Node1Instance");
    world.sim.ec2().stopInstance(stopped);
    settle();

    NodeStatus node1 = status().nodes().get(0);

    assertThat(node1.instanceState()).isEqualTo("stopped");
    assertThat(StatusTable.checks(node1)).isEqualTo("-");
    assertThat(node1.drift())
        .isEqualTo("its instance " + stopped + " is stopped outside CloudFormation");
    assertThat(replace(1).failed()).isFalse();
    assertThat(status().nodes()).extracting(NodeStatus::drift).containsOnlyNulls();
  }

  @Test
  void anInstanceTypeChangedByHandIsDrift() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    String changed = world.physicalIds(NAME).get("Node3Instance");
    world.sim.ec2().stopInstance(changed);
    settle();
    world.sim.ec2().modifyInstanceType(changed, "m6i.xlarge");
    world.sim.ec2().startInstance(changed);
    settle();

    NodeStatus node3 = status().nodes().get(2);

    assertThat(node3.instanceState()).isEqualTo("running");
    assertThat(node3.drift())
        .isEqualTo("its instance is a m6i.xlarge, the template says m6i.large");
    assertThat(replace(3).failed()).isFalse();
    assertThat(status().nodes()).extracting(NodeStatus::drift).containsOnlyNulls();
  }

  @Test
  void aScheduledRetirementIsDriftWithTheSameRepair() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    settle();
    String retiring = world.physicalIds(NAME).get("Node2Instance");
    Instant when = Instant.parse("2026-02-01T00:00:00Z");
    world
        .sim
        .ec2()
        .scheduleEvent(
            retiring, "instance-retirement", "The instance is running on degraded hardware", when);

    NodeStatus node2 = status().nodes().get(1);

    assertThat(node2.events()).extracting(e -> e.code()).containsExactly("instance-retirement");
    assertThat(node2.drift())
        .isEqualTo(
            "EC2 scheduled instance-retirement from 2026-02-01T00:00:00Z (The instance is running"
                + " on degraded hardware)");
    assertThat(node2.repair(NAME)).isEqualTo("stateful-cluster replace drift --nodes 2");
    assertThat(replace(2).failed()).isFalse();
    // The new instance runs on another host: nothing is scheduled for it.
    assertThat(status().nodes().get(1).events()).isEmpty();
    assertThat(status().nodes()).extracting(NodeStatus::drift).containsOnlyNulls();
  }

  @Test
  void oneInstanceStatusCallWhateverTheClusterSize() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    world.deploy(SimWorld.counted("drift-big", 9, ""));
    int before = world.calls("DescribeInstanceStatus");
    status();
    int small = world.calls("DescribeInstanceStatus") - before;
    new StatusReader(world.cloud).read("drift-big", 0);
    int big = world.calls("DescribeInstanceStatus") - before - small;
    assertThat(small).isEqualTo(1);
    assertThat(big).isEqualTo(1);
  }
}
