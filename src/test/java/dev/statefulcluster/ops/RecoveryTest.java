package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import dev.statefulcluster.spec.SpecException;
import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * recovery: true against the model: the alarms come and go with their node's instance, and turning
 * recovery on or off touches no instance, interface or volume.
 */
class RecoveryTest {
  static final String NAME = "healed";
  final SimWorld world = new SimWorld();

  Map<String, String> alarms() {
    Map<String, String> ids = new java.util.TreeMap<>(world.physicalIds(NAME));
    ids.keySet().removeIf(id -> !ClusterLayout.isRecoveryAlarm(id));
    return ids;
  }

  @Test
  void everyNodeGetsItsAlarmsWithItsInstance() throws Exception {
    assertThat(world.deploy(SimWorld.counted(NAME, 3, "recovery: true\n")))
        .isEqualTo(Deployer.Outcome.CREATED);

    assertThat(alarms().keySet())
        .containsExactlyInAnyOrder(
            "Node1RecoverAlarm",
            "Node1RebootAlarm",
            "Node2RecoverAlarm",
            "Node2RebootAlarm",
            "Node3RecoverAlarm",
            "Node3RebootAlarm");
  }

  @Test
  void aTypeEc2CannotRecoverIsRefusedBeforeAnythingIsCreated() {
    String yaml =
        SimWorld.counted(NAME, 3, "recovery: true\n")
            .replace("instanceType: m6i.large", "instanceType: m6id.large");

    assertThatThrownBy(() -> world.deploy(yaml))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            "cluster.yaml:11: recovery: EC2 cannot recover a m6id.large on another host"
                + " (DescribeInstanceTypes: AutoRecoverySupported false")
        .hasMessageContaining("remove 'recovery: true', or choose a type EC2 can recover");
    assertThat(world.calls("CreateChangeSet")).isZero();
    assertThat(world.sim.stacks().describeStack(NAME)).isEmpty();
    // The same type without recovery deploys: only the alarms' action needs a recoverable type.
    assertThatCode(
            () ->
                world.deploy(
                    SimWorld.counted(NAME, 3, "")
                        .replace("instanceType: m6i.large", "instanceType: m6id.large")))
        .doesNotThrowAnyException();
  }

  @Test
  void turningRecoveryOnAndOffTouchesNoInstance() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    Map<String, String> before = world.physicalIds(NAME);
    assertThat(alarms()).isEmpty();

    assertThat(world.deploy(SimWorld.counted(NAME, 3, "recovery: true\n")))
        .isEqualTo(Deployer.Outcome.UPDATED);
    assertThat(alarms()).hasSize(6);
    Map<String, String> on = world.physicalIds(NAME);
    for (int n = 1; n <= 3; n++) {
      for (String kept : List.of("Instance", "Eni", "Volume")) {
        assertThat(on.get("Node" + n + kept)).isEqualTo(before.get("Node" + n + kept));
      }
    }

    assertThat(world.deploy(SimWorld.counted(NAME, 3, ""))).isEqualTo(Deployer.Outcome.UPDATED);
    assertThat(alarms()).isEmpty();
    Map<String, String> off = world.physicalIds(NAME);
    off.keySet().removeIf(ClusterLayout::isRecoveryAlarm);
    assertThat(off).isEqualTo(before);
  }

  @Test
  void theAlarmRecoversAnInstanceWhoseHostFailsKeepingItsIdAddressAndData() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, "recovery: true\n"));
    world.sim.ticker().sleep(Duration.ofMinutes(5));
    Map<String, String> before = world.physicalIds(NAME);
    String node2 = before.get("Node2Instance");
    world.sim.ec2().writeData(before.get("Node2Volume"), "node2's data");
    int updates = world.calls("ExecuteChangeSet");

    world.sim.ec2().impairSystemStatus(node2);
    world.sim.ticker().sleep(Duration.ofSeconds(90));
    // Not yet two failed minutes: status shows what CloudFormation does not.
    assertThat(new StatusReader(world.cloud).read(NAME, 0).nodes().get(1).drift())
        .isEqualTo("its instance fails EC2's system status check (its host)");
    assertThat(world.sim.ec2().alarmActions()).isEmpty();

    world.sim.ticker().sleep(Duration.ofSeconds(30));

    assertThat(world.sim.ec2().alarmActions()).containsExactly("recover " + node2);
    // The same instance on another host: nothing in the stack changed, no update was made.
    assertThat(world.physicalIds(NAME)).isEqualTo(before);
    assertThat(world.calls("ExecuteChangeSet")).isEqualTo(updates);
    assertThat(world.sim.ec2().readData(before.get("Node2Volume"))).isEqualTo("node2's data");
    List<NodeStatus> nodes = new StatusReader(world.cloud).read(NAME, 0).nodes();
    assertThat(StatusTable.checks(nodes.get(1))).isEqualTo("init/init");
    assertThat(nodes.get(1).privateIp())
        .isEqualTo(world.stack(NAME).outputs().get("ClusterAddresses").split(",")[1]);
    world.sim.ticker().sleep(Duration.ofMinutes(5));
    nodes = new StatusReader(world.cloud).read(NAME, 0).nodes();
    assertThat(nodes).extracting(StatusTable::checks).containsOnly("ok/ok");
    assertThat(nodes).extracting(NodeStatus::drift).containsOnlyNulls();
  }

  @Test
  void theAlarmRebootsAnInstanceFailingItsOwnCheckAfterThreeMinutes() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, "recovery: true\n"));
    world.sim.ticker().sleep(Duration.ofMinutes(5));
    String node3 = world.physicalIds(NAME).get("Node3Instance");

    world.sim.ec2().impairInstanceStatus(node3);
    world.sim.ticker().sleep(Duration.ofSeconds(150));
    assertThat(world.sim.ec2().alarmActions()).isEmpty();
    world.sim.ticker().sleep(Duration.ofSeconds(30));

    assertThat(world.sim.ec2().alarmActions()).containsExactly("reboot " + node3);
    assertThat(world.physicalIds(NAME).get("Node3Instance")).isEqualTo(node3);
    world.sim.ticker().sleep(Duration.ofMinutes(5));
    assertThat(new StatusReader(world.cloud).read(NAME, 0).nodes().get(2).drift()).isNull();
  }

  @Test
  void withoutRecoveryAFailedCheckStaysUntilTheNodeIsReplaced() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    String node2 = world.physicalIds(NAME).get("Node2Instance");
    world.sim.ec2().impairSystemStatus(node2);
    world.sim.ticker().sleep(Duration.ofMinutes(30));

    assertThat(world.sim.ec2().alarmActions()).isEmpty();
    assertThat(new StatusReader(world.cloud).read(NAME, 0).nodes().get(1).drift())
        .isEqualTo("its instance fails EC2's system status check (its host)");
  }

  @Test
  void replaceTakesANodesAlarmsAwayWithItsInstanceAndBringsThemBack() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, "recovery: true\n"));
    Map<String, String> before = alarms();
    String old = world.physicalIds(NAME).get("Node2Instance");
    world.sim.ec2().terminateInstance(old);

    Roller.Report report = world.roller().roll(NAME, RollOptions.recreate().onNodes(List.of(2)));

    assertThat(report.failed()).as(report.failure()).isFalse();
    Map<String, String> after = alarms();
    assertThat(after.get("Node1RecoverAlarm")).isEqualTo(before.get("Node1RecoverAlarm"));
    assertThat(after.get("Node3RebootAlarm")).isEqualTo(before.get("Node3RebootAlarm"));
    // Node 2's alarms were deleted with its instance and created again for the new one.
    assertThat(after.get("Node2RecoverAlarm")).isNotEqualTo(before.get("Node2RecoverAlarm"));
    assertThat(after.get("Node2RebootAlarm")).isNotEqualTo(before.get("Node2RebootAlarm"));
    List<String> node2Alarm =
        world.sim.stacks().describeStackEvents(NAME, 10_000).stream()
            .filter(e -> e.logicalId().equals("Node2RecoverAlarm"))
            .map(StackEvent::status)
            .toList();
    // newest first
    assertThat(node2Alarm).startsWith("CREATE_COMPLETE").contains("DELETE_COMPLETE");
    assertThat(new StatusReader(world.cloud).read(NAME, 0).nodes())
        .extracting(NodeStatus::drift)
        .containsOnlyNulls();
  }
}
