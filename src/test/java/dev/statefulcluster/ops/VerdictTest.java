package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.ResourceChange.ChangeDetail;
import dev.statefulcluster.ops.stack.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verdict on change sets as CloudFormation reports them: the backstop behind the file-level
 * guards, for changes that reach a change set some other way.
 */
class VerdictTest {
  static ResourceChange change(
      String action, String id, String type, String replacement, String... properties) {
    List<ChangeDetail> details =
        java.util.Arrays.stream(properties)
            .map(
                p ->
                    new ChangeDetail(
                        "Properties",
                        p,
                        "Always".equals(replacement)
                            ? "Always"
                            : "True".equals(replacement) ? "Always" : "Never",
                        "Static",
                        "DirectModification",
                        null))
            .toList();
    return new ResourceChange(
        action,
        id,
        "phys-" + id,
        type,
        replacement,
        properties.length == 0 ? List.of("Metadata") : List.of("Properties"),
        details);
  }

  static Verdict judge(ResourceChange... changes) {
    return Verdict.of(
        new ChangeSet(
            "arn",
            "cs",
            "stack",
            "CREATE_COMPLETE",
            null,
            "AVAILABLE",
            Map.of(),
            List.of(changes)));
  }

  @Test
  void removingAVolumeOrAnInterfaceIsRefused() {
    Verdict v =
        judge(
            change("Remove", "Node3Volume", "AWS::EC2::Volume", null),
            change("Remove", "Node3Eni", "AWS::EC2::NetworkInterface", null));

    assertThat(v.refusals())
        .containsExactly(
            "Node3Volume (node3's data volume) would be deleted; only 'stateful-cluster destroy'"
                + " deletes a node's volume or network interface, after snapshotting",
            "Node3Eni (node3's network interface) would be deleted; only 'stateful-cluster destroy'"
                + " deletes a node's volume or network interface, after snapshotting");
  }

  @Test
  void replacingAnInterfaceTrueOrConditionalIsRefused() {
    assertThat(
            judge(change("Modify", "Node1Eni", "AWS::EC2::NetworkInterface", "True", "SubnetId"))
                .refusals())
        .containsExactly(
            "Node1Eni (node1's network interface) would be"
                + " replaced (Replacement: True, because of SubnetId); the node would lose its"
                + " address");
    assertThat(judge(change("Modify", "Node1Volume", "AWS::EC2::Volume", "Conditional")).refused())
        .isTrue();
  }

  @Test
  void volumeChangesEbsCannotMakeAreRefusedThoughReportedAsNoReplacement() {
    Verdict v =
        judge(
            change(
                "Modify", "Node2Volume", "AWS::EC2::Volume", "False", "AvailabilityZone", "Size"));

    assertThat(v.refusals())
        .containsExactly(
            "Node2Volume (node2's data volume):"
                + " AvailabilityZone cannot change on an existing volume; CloudFormation would fail the"
                + " update part-way");
  }

  @Test
  void anInstanceReplacedInPlaceWouldDeadlockOnItsInterface() {
    Verdict v = judge(change("Modify", "Node1Instance", "AWS::EC2::Instance", "True", "ImageId"));

    assertThat(v.refusals())
        .singleElement()
        .asString()
        .startsWith(
            "Node1Instance (node1's"
                + " instance) would be replaced in place (ImageId): the new instance cannot take the"
                + " network interface the old one holds");
  }

  @Test
  void instancesStoppedAndStartedTogetherAreRefusedOneIsOnlyWarnedAbout() {
    ResourceChange[] three = new ResourceChange[3];
    for (int n = 1; n <= 3; n++) {
      three[n - 1] =
          change(
              "Modify",
              "Node" + n + "Instance",
              "AWS::EC2::Instance",
              "Conditional",
              "InstanceType");
    }

    assertThat(judge(three).refusals())
        .singleElement()
        .asString()
        .startsWith(
            "3 instances would"
                + " be stopped and started in this one update, all at the same time: Node1Instance"
                + " (node1's instance) may be stopped and started to apply its changes, because of"
                + " InstanceType;")
        .endsWith("That takes more than one" + " node out of service; nothing was changed");
    Verdict one = judge(three[1]);
    assertThat(one.refused()).isFalse();
    assertThat(one.warnings())
        .containsExactly(
            "Node2Instance (node2's instance) may be stopped"
                + " and started to apply its changes, because of InstanceType");
  }

  @Test
  void unknownIsNotSafeForAnInstanceAVolumeOrAnInterface() {
    assertThat(
            judge(change("Modify", "Node1Instance", "AWS::EC2::Instance", null, "InstanceType"))
                .refusals())
        .singleElement()
        .asString()
        .startsWith(
            "Node1Instance"
                + " (node1's instance): CloudFormation does not say whether it would be replaced"
                + " (action Modify, Replacement null)");
    assertThat(judge(change("Dynamic", "Node1Instance", "AWS::EC2::Instance", null)).refused())
        .isTrue();
    assertThat(judge(change("Dynamic", "Node1Volume", "AWS::EC2::Volume", null)).refusals())
        .singleElement()
        .asString()
        .startsWith(
            "Node1Volume (node1's data volume):" + " CloudFormation reports the action Dynamic");
    assertThat(judge(change("Modify", "Node1Eni", "AWS::EC2::NetworkInterface", null)).refused())
        .isTrue();
  }

  @Test
  void growingAVolumeInTheUpdateThatCreatesItsInstanceIsRefused() {
    Verdict v =
        judge(
            change("Modify", "Node2Volume", "AWS::EC2::Volume", "False", "Size"),
            change("Add", "Node2Instance", "AWS::EC2::Instance", null));

    assertThat(v.refusals())
        .containsExactly(
            "node2's volume would be modified in the same"
                + " update that creates its instance; a volume being modified cannot be attached: grow"
                + " and roll separately");
  }

  @Test
  void growingVolumesAndAddingOrRemovingInstancesAloneAreSafe() {
    Verdict v =
        judge(
            change("Modify", "Node1Volume", "AWS::EC2::Volume", "False", "Size"),
            change("Modify", "Node1Instance", "AWS::EC2::Instance", "False"),
            change("Add", "Node2Instance", "AWS::EC2::Instance", null),
            change("Remove", "Node3Instance", "AWS::EC2::Instance", null),
            change("Modify", "NodeRole", "AWS::IAM::Role", "False", "Tags"));

    assertThat(v.refused()).isFalse();
    assertThat(v.warnings()).isEmpty();
  }

  @Test
  void aConditionalInstanceReplacementIsAWarning() {
    Verdict v =
        judge(
            change("Modify", "Node1Instance", "AWS::EC2::Instance", "Conditional", "InstanceType"));

    assertThat(v.refused()).isFalse();
    assertThat(v.warnings())
        .containsExactly(
            "Node1Instance (node1's instance) may be stopped and"
                + " started to apply its changes, because of InstanceType");
  }

  static Verdict judgeInPlace(ResourceChange... changes) {
    return Verdict.inPlace(
        new ChangeSet(
            "arn",
            "cs",
            "stack",
            "CREATE_COMPLETE",
            null,
            "AVAILABLE",
            Map.of(),
            List.of(changes)));
  }

  @Test
  void deploysInPlaceUpdateRefusesEvenOneInstanceStoppedOrReplaced() {
    // One stop and start is a warning in a roll step; in deploy's in-place update it means an
    // instance change escaped the roll, which re-creates instances one node (or zone) at a time.
    assertThat(
            judge(change("Modify", "Node2Instance", "AWS::EC2::Instance", "Conditional", "X"))
                .refused())
        .isFalse();
    Verdict v =
        judgeInPlace(
            change("Modify", "Node2Instance", "AWS::EC2::Instance", "Conditional", "InstanceType"));
    assertThat(v.refusals())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("Node2Instance (node2's instance) would be stopped or replaced by the in-place")
        .contains("because of InstanceType");
    assertThat(v.warnings()).isEmpty();
  }

  @Test
  void deploysInPlaceUpdateLetsTagsAndMetadataThrough() {
    Verdict v =
        judgeInPlace(
            change("Modify", "Node1Instance", "AWS::EC2::Instance", "False", "Tags"),
            change("Modify", "Node2Instance", "AWS::EC2::Instance", "False"),
            change("Modify", "ClusterSecurityGroup", "AWS::EC2::SecurityGroup", "False", "Tags"));
    assertThat(v.refused()).isFalse();
  }
}
