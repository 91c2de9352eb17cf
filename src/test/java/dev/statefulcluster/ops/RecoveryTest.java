package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.StackEvent;
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
  void replaceTakesANodesAlarmsAwayWithItsInstanceAndBringsThemBack() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, "recovery: true\n"));
    Map<String, String> before = alarms();
    String old = world.physicalIds(NAME).get("Node2Instance");
    world.sim.ec2().terminateInstance(old);

    Roller.Report report =
        world
            .roller()
            .roll(NAME, new Roller.Options(null, List.of(2), null, Duration.ofMinutes(5), false));

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
