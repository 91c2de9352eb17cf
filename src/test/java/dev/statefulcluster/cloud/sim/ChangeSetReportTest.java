package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.ResourceChange.ChangeDetail;
import dev.statefulcluster.cloud.StackStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChangeSetReportTest {
  private final Scenario sc = new Scenario();

  @BeforeEach
  void cluster() {
    sc.createCluster();
  }

  @Test
  void anImageChangeOfARunningNodeIsAReplacementCausedByTheParameter() {
    ChangeSet cs =
        sc.changeSet(
            ChangeSetType.UPDATE, Scenario.cluster(), Scenario.keep("Node1Image", "ami-new"));

    assertThat(cs.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(ResourceChange.Action.MODIFY);
              assertThat(c.logicalId()).isEqualTo("Node1Instance");
              assertThat(c.physicalId()).isEqualTo(sc.physicalId("Node1Instance"));
              assertThat(c.replacement()).isEqualTo(ResourceChange.Replacement.TRUE);
              assertThat(c.scope()).containsExactly("Properties");
              assertThat(c.details())
                  .containsExactly(
                      new ChangeDetail(
                          "Properties",
                          "ImageId",
                          "Always",
                          "Static",
                          "ParameterReference",
                          "Node1Image"));
            });
  }

  @Test
  void aLargerVolumeIsAModifyWithoutReplacementOnEveryVolume() {
    ChangeSet cs =
        sc.changeSet(ChangeSetType.UPDATE, Scenario.cluster(), Scenario.keep("VolumeSize", "200"));

    assertThat(cs.changes())
        .extracting(ResourceChange::logicalId)
        .containsExactly("Node1Volume", "Node2Volume", "Node3Volume");
    assertThat(cs.changes())
        .allSatisfy(
            c -> {
              assertThat(c.replacement()).isEqualTo(ResourceChange.Replacement.FALSE);
              assertThat(c.details())
                  .containsExactly(
                      new ChangeDetail(
                          "Properties",
                          "Size",
                          "Never",
                          "Static",
                          "ParameterReference",
                          "VolumeSize"));
            });
  }

  @Test
  void aVolumeMovedToAnotherZoneIsReportedAsModifyAndFailsAtExecution() {
    String moved =
        Scenario.cluster()
            .replaceFirst(
                "\"AvailabilityZone\": \"us-east-1a\"", "\"AvailabilityZone\": \"us-east-1b\"");
    ChangeSet cs = sc.changeSet(ChangeSetType.UPDATE, moved, Scenario.keep());

    assertThat(cs.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.logicalId()).isEqualTo("Node1Volume");
              assertThat(c.action()).isEqualTo(ResourceChange.Action.MODIFY);
              assertThat(c.replacement()).isEqualTo(ResourceChange.Replacement.FALSE);
              assertThat(c.details())
                  .containsExactly(
                      new ChangeDetail(
                          "Properties",
                          "AvailabilityZone",
                          "Never",
                          "Static",
                          "DirectModification",
                          null));
            });

    String volume = sc.physicalId("Node1Volume");
    sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());
    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e -> {
              assertThat(e.logicalId()).isEqualTo("Node1Volume");
              assertThat(e.status()).isEqualTo("UPDATE_FAILED");
              assertThat(e.reason()).isEqualTo(VolumeProvider.NOT_UPDATABLE);
            });
    assertThat(sc.physicalId("Node1Volume")).isEqualTo(volume);
    assertThat(sc.sim.ec2().describeVolumes(List.of(volume)).get(0).availabilityZone())
        .isEqualTo("us-east-1a");
  }

  @Test
  void takingANodeDownRemovesItsInstanceAndBringingItBackAddsOne() {
    ChangeSet down =
        sc.changeSet(ChangeSetType.UPDATE, Scenario.cluster(), Scenario.keep("NodeDown", "node3"));
    assertThat(down.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(ResourceChange.Action.REMOVE);
              assertThat(c.logicalId()).isEqualTo("Node3Instance");
              assertThat(c.replacement()).isEqualTo(ResourceChange.Replacement.NONE);
            });
    sc.sim.stacks().executeChangeSet(Scenario.STACK, down.name());
    sc.settle();

    ChangeSet up =
        sc.changeSet(ChangeSetType.UPDATE, Scenario.cluster(), Scenario.keep("NodeDown", "none"));
    assertThat(up.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(ResourceChange.Action.ADD);
              assertThat(c.logicalId()).isEqualTo("Node3Instance");
            });
  }

  @Test
  void aPropertyReferringToAReplacedResourceIsDynamic() {
    String moved =
        Scenario.cluster()
            .replace(
                "\"GroupDescription\": \"cluster members\"",
                "\"GroupDescription\": \"cluster members v2\"");
    ChangeSet cs = sc.changeSet(ChangeSetType.UPDATE, moved, Scenario.keep());

    ResourceChange group =
        cs.changes().stream()
            .filter(c -> c.logicalId().equals("ClusterSecurityGroup"))
            .findFirst()
            .orElseThrow();
    assertThat(group.replacement()).isEqualTo(ResourceChange.Replacement.TRUE);
    ResourceChange eni =
        cs.changes().stream()
            .filter(c -> c.logicalId().equals("Node1Eni"))
            .findFirst()
            .orElseThrow();
    assertThat(eni.replacement()).isEqualTo(ResourceChange.Replacement.FALSE);
    assertThat(eni.details())
        .containsExactly(
            new ChangeDetail(
                "Properties",
                "GroupSet",
                "Never",
                "Dynamic",
                "ResourceReference",
                "ClusterSecurityGroup"));
    ResourceChange ingress =
        cs.changes().stream()
            .filter(c -> c.logicalId().equals("MemberIngress9092"))
            .findFirst()
            .orElseThrow();
    assertThat(ingress.replacement()).isEqualTo(ResourceChange.Replacement.CONDITIONAL);
  }

  @Test
  void theSameTemplateAndParametersMakeAnEmptyChangeSet() {
    ChangeSet cs = sc.changeSet(ChangeSetType.UPDATE, Scenario.cluster(), Scenario.keep());

    assertThat(cs.status()).isEqualTo("FAILED");
    assertThat(cs.statusReason())
        .isEqualTo(
            "The submitted information didn't contain changes. Submit different information to create a change set.");
    assertThat(cs.empty()).isTrue();
    assertThatThrownBy(() -> sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name()))
        .isInstanceOf(CloudException.class)
        .extracting(e -> ((CloudException) e).code())
        .isEqualTo("InvalidChangeSetStatus");
  }

  @Test
  void parametersNotGivenTakeTheirDefaultNotTheirPreviousValue() {
    sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "150"));
    ChangeSet cs = sc.changeSet(ChangeSetType.UPDATE, Scenario.cluster(), List.of());

    assertThat(cs.parameters()).containsEntry("VolumeSize", "100");
    assertThat(cs.changes()).isNotEmpty();
  }

  @Test
  void executingAChangeSetDeletesTheStacksOtherChangeSets() {
    ChangeSet a =
        sc.changeSet(ChangeSetType.UPDATE, Scenario.cluster(), Scenario.keep("NodeDown", "node1"));
    ChangeSet b =
        sc.changeSet(ChangeSetType.UPDATE, Scenario.cluster(), Scenario.keep("NodeDown", "node2"));
    sc.sim.stacks().executeChangeSet(Scenario.STACK, a.name());
    sc.settle();

    assertThat(sc.sim.stacks().describeChangeSet(Scenario.STACK, a.name()).executionStatus())
        .isEqualTo("EXECUTE_COMPLETE");
    assertThatThrownBy(() -> sc.sim.stacks().describeChangeSet(Scenario.STACK, b.name()))
        .isInstanceOf(CloudException.class)
        .extracting(e -> ((CloudException) e).code())
        .isEqualTo("ChangeSetNotFound");
  }
}
