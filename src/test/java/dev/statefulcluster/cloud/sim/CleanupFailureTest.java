package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A delete that fails in a cleanup phase: CloudFormation tries it three times, then drops the
 * resource from the stack and leaves it as it is, and the stack still completes (docs/aws-facts.md,
 * "Checked again: Cleanup phase"). For a node's instance that means it keeps running and holds the
 * node's interface and volume, which is what a roll must check before creating the next one.
 */
class CleanupFailureTest {
  private final Scenario sc = new Scenario();
  private String instance;
  private String eni;
  private String volume;

  @BeforeEach
  void clusterWithNodeOneProtected() {
    sc.createCluster();
    instance = sc.physicalId("Node1Instance");
    eni = sc.physicalId("Node1Eni");
    volume = sc.physicalId("Node1Volume");
    // Someone turned on the instance's termination protection outside the stack.
    sc.sim.ec2().disableApiTermination(instance, true);
  }

  @Test
  void anInstanceThatCannotBeTerminatedIsDroppedFromTheStackAndKeepsRunning() {
    assertThat(sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "node1")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);

    assertThat(sc.stack().statusReason()).isEqualTo("One or more resources could not be deleted.");
    List<StackEvent> node1 =
        sc.eventsOldestFirst().stream().filter(e -> e.logicalId().equals("Node1Instance")).toList();
    StackEvent last = node1.get(node1.size() - 1);
    assertThat(last.status()).isEqualTo("DELETE_FAILED");
    assertThat(last.physicalId()).isEqualTo(instance);
    assertThat(last.reason())
        .startsWith("The instance '" + instance + "' may not be terminated.")
        .contains("Error Code: OperationNotPermitted");
    assertThat(node1)
        .filteredOn(e -> e.status().startsWith("DELETE_"))
        .extracting(StackEvent::status)
        .containsExactly("DELETE_IN_PROGRESS", "DELETE_FAILED");
    // Three attempts, a delete's latency apart.
    StackEvent started =
        node1.stream()
            .filter(e -> e.status().equals("DELETE_IN_PROGRESS"))
            .findFirst()
            .orElseThrow();
    assertThat(Duration.between(started.timestamp(), last.timestamp()))
        .isEqualTo(Duration.ofSeconds(6));
    assertThat(sc.resources()).doesNotContainKey("Node1Instance");

    // What a roll sees through the port: the old instance still running with the node's ENI and
    // volume.
    Ec2Api.Instance i = sc.sim.ec2().describeInstances(List.of(instance)).get(0);
    assertThat(i.state()).isEqualTo("running");
    assertThat(i.networkInterfaceIds()).contains(eni);
    assertThat(i.volumeIds()).contains(volume);
    Ec2Api.Volume v = sc.sim.ec2().describeVolumes(List.of(volume)).get(0);
    assertThat(v.state()).isEqualTo("in-use");
    assertThat(v.attachments())
        .extracting(Ec2Api.Volume.Attachment::instanceId)
        .containsExactly(instance);
    assertThat(sc.sim.ec2().networkInterface(eni))
        .get()
        .extracting(SimEc2.NetworkInterface::status)
        .isEqualTo("in-use");

    // Bringing the node back meets the interface still in use: the update rolls back.
    assertThat(sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "none")))
        .isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e -> {
              assertThat(e.logicalId()).isEqualTo("Node1Instance");
              assertThat(e.status()).isEqualTo("CREATE_FAILED");
              assertThat(e.reason()).contains("Error Code: InvalidNetworkInterface.InUse");
            });
  }

  @Test
  void aProtectionLiftedBetweenAttemptsLetsTheNextAttemptTerminate() {
    var cs =
        sc.changeSet(
            dev.statefulcluster.cloud.ChangeSetType.UPDATE,
            Scenario.cluster(),
            Scenario.keep("NodeDown", "node1"));
    sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());
    while (sc.eventsOldestFirst().stream()
        .noneMatch(
            e ->
                e.logicalId().equals("Node1Instance") && e.status().equals("DELETE_IN_PROGRESS"))) {
      sc.sleep(Duration.ofSeconds(1));
    }
    sc.sleep(Duration.ofSeconds(1));
    sc.sim.ec2().disableApiTermination(instance, false);

    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_COMPLETE);
    assertThat(sc.stack().statusReason()).isNull();
    assertThat(sc.eventsOldestFirst())
        .noneSatisfy(e -> assertThat(e.status()).isEqualTo("DELETE_FAILED"));
    assertThat(sc.sim.ec2().describeInstances(List.of(instance)).get(0).state())
        .isEqualTo("terminated");
    assertThat(sc.sim.ec2().describeVolumes(List.of(volume)).get(0).state()).isEqualTo("available");
    assertThat(sc.sim.ec2().networkInterface(eni))
        .get()
        .extracting(SimEc2.NetworkInterface::status)
        .isEqualTo("available");
  }
}
