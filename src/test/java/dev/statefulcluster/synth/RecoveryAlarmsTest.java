package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.spec.SpecException;
import dev.statefulcluster.template.Resource;
import dev.statefulcluster.template.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** recovery: true adds two alarms per node, under the node's instance condition; else none. */
class RecoveryAlarmsTest {

  private static Template synth(String extra) {
    return ClusterTemplate.synthesize(SpecFixtures.base(extra));
  }

  @Test
  void withoutRecoveryThereIsNoAlarm() {
    assertThat(synth("").resources().values())
        .extracting(Resource::type)
        .doesNotContain("AWS::CloudWatch::Alarm");
    assertThat(synth("recovery: false\n").resources().values())
        .extracting(Resource::type)
        .doesNotContain("AWS::CloudWatch::Alarm");
  }

  @Test
  void aFailedSystemCheckRecoversTheNodesOwnInstanceAfterTwoMinutes() {
    Resource alarm = synth("recovery: true\n").resources().get("Node2RecoverAlarm");

    assertThat(alarm.type()).isEqualTo("AWS::CloudWatch::Alarm");
    // Exists exactly while node2's instance does: a roll taking the instance away takes it too.
    assertThat(alarm.condition()).isEqualTo("Node2Up");
    assertThat(alarm.properties())
        .containsEntry("Namespace", "AWS/EC2")
        .containsEntry("MetricName", "StatusCheckFailed_System")
        .containsEntry("Statistic", "Maximum")
        .containsEntry("Period", 60)
        .containsEntry("EvaluationPeriods", 2)
        .containsEntry("Threshold", 1)
        .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
        .containsEntry(
            "Dimensions",
            List.of(Map.of("Name", "InstanceId", "Value", Map.of("Ref", "Node2Instance"))))
        .containsEntry(
            "AlarmActions",
            List.of(Map.of("Fn::Sub", "arn:${AWS::Partition}:automate:${AWS::Region}:ec2:recover")))
        // a generated name: AlarmName would replace the alarm on rename, and collide across stacks
        .doesNotContainKey("AlarmName");
  }

  @Test
  void aFailedInstanceCheckRebootsAfterThreeMinutes() {
    Resource alarm = synth("recovery: true\n").resources().get("Node3RebootAlarm");

    assertThat(alarm.condition()).isEqualTo("Node3Up");
    assertThat(alarm.properties())
        .containsEntry("MetricName", "StatusCheckFailed_Instance")
        .containsEntry("EvaluationPeriods", 3)
        .containsEntry(
            "AlarmActions",
            List.of(Map.of("Fn::Sub", "arn:${AWS::Partition}:automate:${AWS::Region}:ec2:reboot")));
  }

  @Test
  void everyNodeHasBothAlarmsNamedAsTheLayoutSays() {
    Template t = synth("recovery: true\n");
    List<String> alarms =
        t.resources().entrySet().stream()
            .filter(e -> e.getValue().type().equals("AWS::CloudWatch::Alarm"))
            .map(Map.Entry::getKey)
            .toList();

    assertThat(alarms).hasSize(6).allMatch(ClusterLayout::isRecoveryAlarm);
    for (int n = 1; n <= 3; n++) {
      assertThat(t.resources())
          .containsKeys(ClusterLayout.recoveryAlarms(n).toArray(String[]::new));
    }
    assertThat(ClusterLayout.isRecoveryAlarm("Node2Instance")).isFalse();
  }

  @Test
  void recoveryMustBeTrueOrFalse() {
    assertThatThrownBy(() -> SpecFixtures.base("recovery: yes please\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("recovery: expected true or false, found");
  }
}
