package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackLifecycleTest {
  private final Scenario sc = new Scenario();

  @Test
  void createChangeSetPutsANewStackInReviewAndListsEveryResourceAsAdd() {
    ChangeSet cs = sc.changeSet(ChangeSetType.CREATE, Scenario.cluster(), List.of());

    assertThat(cs.status()).isEqualTo("CREATE_COMPLETE");
    assertThat(cs.executionStatus()).isEqualTo("AVAILABLE");
    assertThat(cs.changes())
        .hasSize(13)
        .allSatisfy(c -> assertThat(c.action()).isEqualTo(ResourceChange.Action.ADD));
    assertThat(sc.stack().status()).isEqualTo(StackStatus.REVIEW_IN_PROGRESS);
  }

  @Test
  void changeSetIsPendingUntilItsLatencyHasPassed() {
    var r = sc.request(ChangeSetType.CREATE, Scenario.cluster(), List.of());
    sc.sim.stacks().createChangeSet(r);

    assertThat(sc.sim.stacks().describeChangeSet(Scenario.STACK, r.changeSetName()).pending())
        .isTrue();
    sc.sleep(Duration.ofSeconds(2));
    assertThat(sc.sim.stacks().describeChangeSet(Scenario.STACK, r.changeSetName()).status())
        .isEqualTo("CREATE_COMPLETE");
  }

  @Test
  void createRunsResourcesInDependencyOrderAndReportsOutputs() {
    assertThat(sc.createCluster()).isEqualTo(StackStatus.CREATE_COMPLETE);

    List<StackEvent> events = sc.eventsOldestFirst();
    assertThat(events.get(0).status()).isEqualTo("REVIEW_IN_PROGRESS");
    assertThat(events.get(events.size() - 1).status()).isEqualTo("CREATE_COMPLETE");
    assertThat(events.get(events.size() - 1).isStackEvent()).isTrue();
    for (int i = 1; i <= 3; i++) {
      int instanceStarts = indexOf(events, "Node" + i + "Instance", "CREATE_IN_PROGRESS");
      assertThat(indexOf(events, "Node" + i + "Eni", "CREATE_COMPLETE")).isLessThan(instanceStarts);
      assertThat(indexOf(events, "Node" + i + "Volume", "CREATE_COMPLETE"))
          .isLessThan(instanceStarts);
      assertThat(indexOf(events, "NodeInstanceProfile", "CREATE_COMPLETE"))
          .isLessThan(instanceStarts);
    }
    assertThat(indexOf(events, "ClusterSecurityGroup", "CREATE_COMPLETE"))
        .isLessThan(indexOf(events, "Node1Eni", "CREATE_IN_PROGRESS"));

    Stack stack = sc.stack();
    assertThat(stack.outputs().get("ClusterAddresses")).isEqualTo("10.0.1.4,10.0.2.4,10.0.3.4");
    assertThat(stack.outputs().get("Node1Volume"))
        .startsWith("vol-")
        .isEqualTo(sc.physicalId("Node1Volume"));
    assertThat(sc.runningNodes()).isEqualTo(3);
  }

  @Test
  void instancesWaitForTheirSignalAndTheInstanceProfileTakesTwoMinutes() {
    sc.createCluster();
    List<StackEvent> events = sc.eventsOldestFirst();
    StackEvent signal =
        events.stream()
            .filter(
                e ->
                    e.logicalId().equals("Node2Instance")
                        && "CREATE_IN_PROGRESS".equals(e.status())
                        && e.reason() != null
                        && e.reason().startsWith("Received SUCCESS signal"))
            .findFirst()
            .orElseThrow();
    assertThat(signal.reason())
        .isEqualTo("Received SUCCESS signal with UniqueId " + sc.physicalId("Node2Instance"));

    StackEvent start = events.get(0);
    StackEvent done = events.get(events.size() - 1);
    // profile 120 s, then running 30 s and boot 60 s: the stack takes a little over three and a
    // half minutes.
    assertThat(Duration.between(start.timestamp(), done.timestamp()))
        .isBetween(Duration.ofSeconds(210), Duration.ofSeconds(240));
  }

  @Test
  void instancesSitOnTheirEniAndVolumeInTheSubnetsZone() {
    sc.createCluster();
    String eni = sc.physicalId("Node2Eni");
    String volume = sc.physicalId("Node2Volume");
    Ec2Api.Instance i =
        sc.sim.ec2().describeInstances(List.of(sc.physicalId("Node2Instance"))).get(0);

    assertThat(i.networkInterfaceIds()).containsExactly(eni);
    assertThat(i.volumeIds()).contains(volume).hasSize(2);
    assertThat(i.availabilityZone()).isEqualTo("us-east-1b");
    assertThat(i.privateIpAddress()).isEqualTo(sc.stack().outputs().get("Node2PrivateIp"));
    Ec2Api.Volume v = sc.sim.ec2().describeVolumes(List.of(volume)).get(0);
    assertThat(v.state()).isEqualTo("in-use");
    assertThat(v.attachments())
        .extracting(Ec2Api.Volume.Attachment::instanceId)
        .containsExactly(i.id());
    assertThat(v.tags())
        .containsEntry("stateful-cluster:node", "node2")
        .containsEntry("aws:cloudformation:logical-id", "Node2Volume");
  }

  @Test
  void deleteRemovesTheStackAndHonoursTerminationProtection() {
    sc.createCluster();
    sc.sim.stacks().setTerminationProtection(Scenario.STACK, true);

    assertThatThrownBy(() -> sc.sim.stacks().deleteStack(Scenario.STACK))
        .isInstanceOf(CloudException.class)
        .hasMessage("Stack [kafka] cannot be deleted while TerminationProtection is enabled");
    assertThat(sc.stack().status()).isEqualTo(StackStatus.CREATE_COMPLETE);

    sc.sim.stacks().setTerminationProtection(Scenario.STACK, false);
    String stackId = sc.stack().id();
    sc.sim.stacks().deleteStack(Scenario.STACK);
    assertThat(sc.stack().status()).isEqualTo(StackStatus.DELETE_IN_PROGRESS);
    sc.sleep(Duration.ofMinutes(10));

    assertThat(sc.sim.stacks().describeStack(Scenario.STACK)).isEmpty();
    assertThat(sc.sim.stacks().describeStack(stackId))
        .get()
        .extracting(Stack::status)
        .isEqualTo(StackStatus.DELETE_COMPLETE);
  }

  @Test
  void deleteGoesInReverseDependencyOrder() {
    sc.createCluster();
    String stackId = sc.stack().id();
    sc.sim.stacks().deleteStack(Scenario.STACK);
    sc.sleep(Duration.ofMinutes(10));

    List<StackEvent> events =
        new java.util.ArrayList<>(sc.sim.stacks().describeStackEvents(stackId, 1000));
    java.util.Collections.reverse(events);
    int instanceGone = indexOf(events, "Node1Instance", "DELETE_COMPLETE");
    assertThat(indexOf(events, "Node1Eni", "DELETE_IN_PROGRESS")).isGreaterThan(instanceGone);
    assertThat(indexOf(events, "Node1Volume", "DELETE_IN_PROGRESS")).isGreaterThan(instanceGone);
    assertThat(indexOf(events, "NodeInstanceProfile", "DELETE_IN_PROGRESS"))
        .isGreaterThan(instanceGone);
    assertThat(indexOf(events, "NodeRole", "DELETE_IN_PROGRESS"))
        .isGreaterThan(indexOf(events, "NodeInstanceProfile", "DELETE_COMPLETE"));
    assertThat(indexOf(events, "ClusterSecurityGroup", "DELETE_IN_PROGRESS"))
        .isGreaterThan(indexOf(events, "Node1Eni", "DELETE_COMPLETE"));
  }

  @Test
  void anUpdateWhileTheStackIsBusyIsRefused() {
    var cs = sc.changeSet(ChangeSetType.CREATE, Scenario.cluster(), List.of());
    sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());
    sc.sleep(Duration.ofSeconds(30));

    assertThatThrownBy(
            () ->
                sc.sim
                    .stacks()
                    .createChangeSet(
                        sc.request(
                            ChangeSetType.UPDATE,
                            Scenario.cluster(),
                            Scenario.keep("NodeDown", "node1"))))
        .isInstanceOf(CloudException.class)
        .hasMessageEndingWith("is in CREATE_IN_PROGRESS state and can not be updated.");
  }

  @Test
  void deletingAnUnknownStackIsANoOpAndDescribingItIsEmpty() {
    sc.sim.stacks().deleteStack("nothing-here");
    assertThat(sc.sim.stacks().describeStack("nothing-here")).isEmpty();
    assertThatThrownBy(() -> sc.sim.stacks().describeStackEvents("nothing-here", 10))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("does not exist");
  }

  static int indexOf(List<StackEvent> events, String logicalId, String status) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).logicalId().equals(logicalId) && events.get(i).status().equals(status)) {
        return i;
      }
    }
    throw new AssertionError("no " + status + " event for " + logicalId + " in " + events);
  }
}
