package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The design's stack policy: volumes and interfaces may be modified but never replaced or removed.
 */
class StackPolicyTest {
  private final Scenario sc = new Scenario();

  @BeforeEach
  void cluster() {
    sc.createCluster();
    sc.sim.stacks().setStackPolicy(Scenario.STACK, Scenario.resource("stack-policy.json"));
  }

  @Test
  void replacingAnInterfaceIsDeniedAndRolledBack() {
    String eni = sc.physicalId("Node1Eni");
    String pinned =
        Scenario.cluster()
            .replaceFirst(
                "\"SubnetId\": \"subnet-a\",",
                "\"SubnetId\": \"subnet-a\", \"PrivateIpAddress\": \"10.0.1.50\",");

    assertThat(sc.update(pinned, Scenario.keep())).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e -> {
              assertThat(e.logicalId()).isEqualTo("Node1Eni");
              assertThat(e.status()).isEqualTo("UPDATE_FAILED");
              assertThat(e.reason())
                  .isEqualTo(
                      "Action denied by stack policy: Statement [#1] denies [Update:Replace] on resource [LogicalResourceId/Node1Eni]");
            });
    assertThat(sc.physicalId("Node1Eni")).isEqualTo(eni);
    assertThat(sc.sim.ec2().networkInterface(eni))
        .get()
        .extracting(SimEc2.NetworkInterface::privateIpAddress)
        .isEqualTo("10.0.1.4");
  }

  @Test
  void removingAVolumeIsDeniedBeforeAnythingChanges() {
    String without = Scenario.cluster().replace("Node3Volume", "Node3Disk");

    assertThat(sc.update(without, Scenario.keep())).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e -> {
              assertThat(e.logicalId()).isEqualTo("Node3Volume");
              assertThat(e.reason())
                  .startsWith(
                      "Action denied by stack policy: Statement [#1] denies [Update:Delete]");
            });
    assertThat(sc.eventsOldestFirst())
        .noneSatisfy(e -> assertThat(e.logicalId()).isEqualTo("Node3Disk"));
  }

  @Test
  void growingAVolumeAndRemovingAnInstanceAreAllowed() {
    assertThat(sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "200")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);
    assertThat(sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "node2")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);
  }

  @Test
  void whatNoStatementAllowsIsDenied() {
    sc.sim
        .stacks()
        .setStackPolicy(
            Scenario.STACK,
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"Update:Modify\",\"Principal\":\"*\",\"Resource\":\"LogicalResourceId/Node*Volume\"}]}");

    assertThat(sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "200")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);
    assertThat(sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "node2")))
        .isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e ->
                assertThat(e.reason())
                    .isEqualTo(
                        "Action denied by stack policy: no statement allows [Update:Delete] on resource [LogicalResourceId/Node2Instance]"));
  }

  @Test
  void deleteStackIsNotSubjectToThePolicy() {
    sc.sim.stacks().deleteStack(Scenario.STACK);
    sc.sleep(Duration.ofMinutes(10));
    assertThat(sc.sim.stacks().describeStack(Scenario.STACK)).isEmpty();
  }

  @Test
  void thePolicyReadsBackAndABadOneIsRefused() {
    assertThat(sc.sim.stacks().getStackPolicy(Scenario.STACK))
        .contains(Scenario.resource("stack-policy.json"));
    assertThatThrownBy(
            () ->
                sc.sim
                    .stacks()
                    .setStackPolicy(Scenario.STACK, "{\"Statement\":[{\"Effect\":\"Maybe\"}]}"))
        .isInstanceOf(CloudException.class)
        .hasMessageStartingWith(
            "Error validating stack policy: statement 1: Effect must be Allow or Deny");
  }

  @Test
  void policyEvaluation() {
    StackPolicyRules p = StackPolicyRules.parse(Scenario.resource("stack-policy.json"));
    assertThat(p.denial("Update:Replace", "Node1Volume", "AWS::EC2::Volume")).isNotNull();
    assertThat(p.denial("Update:Delete", "Node1Eni", "AWS::EC2::NetworkInterface")).isNotNull();
    assertThat(p.denial("Update:Modify", "Node1Volume", "AWS::EC2::Volume")).isNull();
    assertThat(p.denial("Update:Replace", "Node1Instance", "AWS::EC2::Instance")).isNull();
    StackPolicyRules like =
        StackPolicyRules.parse(
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"Update:*\",\"Principal\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"Update:*\",\"Principal\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringLike\":{\"ResourceType\":[\"AWS::IAM::*\"]}}}]}");
    assertThat(like.denial("Update:Modify", "NodeRole", "AWS::IAM::Role")).isNotNull();
    assertThat(like.denial("Update:Modify", "Node1Eni", "AWS::EC2::NetworkInterface")).isNull();
    assertThat(List.of()).isEmpty();
  }
}
