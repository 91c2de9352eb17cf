package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviours docs/template-design.md is built on: the replacement deadlock and the NodeDown
 * roll.
 */
class RollingUpdateTest {
  private final Scenario sc = new Scenario();

  @BeforeEach
  void cluster() {
    assertThat(sc.createCluster()).isEqualTo(StackStatus.CREATE_COMPLETE);
    sc.sim.stacks().setStackPolicy(Scenario.STACK, Scenario.resource("stack-policy.json"));
  }

  @Test
  void changingTheImageOfARunningNodeDeadlocksOnItsEniAndRollsBack() {
    Map<String, String> before = physicalIds();
    String oldInstance = sc.physicalId("Node1Instance");

    assertThat(sc.update(Scenario.cluster(), Scenario.keep("Node1Image", "ami-new")))
        .isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);

    List<StackEvent> events = sc.eventsOldestFirst();
    StackEvent failure =
        events.stream().filter(e -> e.status().equals("UPDATE_FAILED")).findFirst().orElseThrow();
    assertThat(failure.logicalId()).isEqualTo("Node1Instance");
    assertThat(failure.reason())
        .startsWith("Interface: [" + before.get("Node1Eni") + "] in use.")
        .contains("Error Code: InvalidNetworkInterface.InUse");
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.isStackEvent()).isTrue();
              assertThat(e.status()).isEqualTo("UPDATE_ROLLBACK_IN_PROGRESS");
              assertThat(e.reason())
                  .isEqualTo("The following resource(s) failed to update: [Node1Instance].");
            });
    assertThat(physicalIds()).isEqualTo(before);
    assertThat(sc.stack().parameters()).containsEntry("Node1Image", "ami-old");
    Ec2Api.Instance i = sc.sim.ec2().describeInstances(List.of(oldInstance)).get(0);
    assertThat(i.state()).isEqualTo("running");
    assertThat(i.imageId()).isEqualTo("ami-old");
    assertThat(i.networkInterfaceIds()).containsExactly(before.get("Node1Eni"));
    for (int n = 1; n <= 3; n++) {
      assertThat(sc.sim.ec2().networkInterface(before.get("Node" + n + "Eni")))
          .get()
          .extracting(SimEc2.NetworkInterface::status)
          .isEqualTo("in-use");
      assertThat(sc.sim.ec2().describeVolumes(List.of(before.get("Node" + n + "Volume"))))
          .singleElement()
          .extracting(Ec2Api.Volume::state)
          .isEqualTo("in-use");
    }
  }

  @Test
  void theNodeDownRollReplacesEveryImageWithAtMostOneNodeDown() {
    Map<String, String> before = physicalIds();
    String[][] steps = {
      {"NodeDown", "node1"},
      {"NodeDown", "node2", "Node1Image", "ami-new"},
      {"NodeDown", "node3", "Node2Image", "ami-new"},
      {"NodeDown", "none", "Node3Image", "ami-new"},
    };
    for (String[] step : steps) {
      var cs =
          sc.changeSet(
              dev.statefulcluster.cloud.ChangeSetType.UPDATE,
              Scenario.cluster(),
              Scenario.keep(step));
      sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());
      long fewest = 3;
      while (sc.stack().status().inProgress()) {
        fewest = Math.min(fewest, sc.runningNodes());
        sc.sleep(Duration.ofSeconds(5));
      }
      assertThat(sc.stack().status())
          .as("after %s", List.of(step))
          .isEqualTo(StackStatus.UPDATE_COMPLETE);
      assertThat(fewest).as("running nodes during %s", List.of(step)).isGreaterThanOrEqualTo(2);
    }

    assertThat(sc.runningNodes()).isEqualTo(3);
    for (int n = 1; n <= 3; n++) {
      String instance = sc.physicalId("Node" + n + "Instance");
      Ec2Api.Instance i = sc.sim.ec2().describeInstances(List.of(instance)).get(0);
      assertThat(i.imageId()).isEqualTo("ami-new");
      assertThat(i.networkInterfaceIds()).containsExactly(before.get("Node" + n + "Eni"));
      assertThat(i.volumeIds()).contains(before.get("Node" + n + "Volume"));
      assertThat(instance).isNotEqualTo(before.get("Node" + n + "Instance"));
      assertThat(sc.physicalId("Node" + n + "Eni")).isEqualTo(before.get("Node" + n + "Eni"));
      assertThat(sc.physicalId("Node" + n + "Volume")).isEqualTo(before.get("Node" + n + "Volume"));
    }
    assertThat(sc.stack().outputs().get("ClusterAddresses"))
        .isEqualTo("10.0.1.4,10.0.2.4,10.0.3.4");
  }

  @Test
  void oneUpdateCreatesTheDownNodeBeforeItRemovesTheNextOne() {
    sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "node1"));
    sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "node2", "Node1Image", "ami-new"));

    List<StackEvent> events = sc.eventsOldestFirst();
    int created = StackLifecycleTest.indexOf(events, "Node1Instance", "CREATE_COMPLETE");
    int cleanup = events.size() - 1;
    while (!events.get(cleanup).status().equals("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")) {
      cleanup--;
    }
    int removed = events.size() - 1;
    while (!(events.get(removed).logicalId().equals("Node2Instance")
        && events.get(removed).status().equals("DELETE_IN_PROGRESS"))) {
      removed--;
    }
    assertThat(created).isLessThan(cleanup);
    assertThat(cleanup).isLessThan(removed);
  }

  @Test
  void aNewImageThatFailsItsHealthCheckRollsTheStepBackAndTheNodeReturnsOnItsOldImage() {
    sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "node1"));

    assertThat(
            sc.update(
                Scenario.cluster(), Scenario.keep("NodeDown", "node2", "Node1Image", "ami-bad")))
        .isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(sc.stack().parameters())
        .containsEntry("NodeDown", "node1")
        .containsEntry("Node1Image", "ami-old");
    assertThat(sc.resources()).doesNotContainKey("Node1Instance");
    assertThat(sc.runningNodes()).isEqualTo(2);
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e -> {
              assertThat(e.logicalId()).isEqualTo("Node1Instance");
              assertThat(e.status()).isEqualTo("CREATE_FAILED");
              assertThat(e.reason()).startsWith("Received FAILURE signal with UniqueId i-");
            });

    assertThat(sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "none")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);
    assertThat(sc.runningNodes()).isEqualTo(3);
    String node1 = sc.physicalId("Node1Instance");
    assertThat(sc.sim.ec2().describeInstances(List.of(node1)).get(0).imageId())
        .isEqualTo("ami-old");
  }

  @Test
  void aRemovedInstanceLeavesItsEniAndVolumeAvailable() {
    String eni = sc.physicalId("Node2Eni");
    String volume = sc.physicalId("Node2Volume");
    sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "node2"));

    assertThat(sc.resources())
        .doesNotContainKey("Node2Instance")
        .containsKeys("Node2Eni", "Node2Volume");
    assertThat(sc.sim.ec2().networkInterface(eni))
        .get()
        .extracting(SimEc2.NetworkInterface::status)
        .isEqualTo("available");
    assertThat(sc.sim.ec2().describeVolumes(List.of(volume)).get(0).state()).isEqualTo("available");
  }

  @Test
  void terminationProtectedInstancesCannotBeTakenDownAndTheCleanupFailureIsOnlyReported() {
    String protectedNodes =
        Scenario.cluster()
            .replace(
                "\"InstanceType\": \"t3.large\"",
                "\"InstanceType\": \"t3.large\", \"DisableApiTermination\": true");
    assertThat(sc.update(protectedNodes, Scenario.keep())).isEqualTo(StackStatus.UPDATE_COMPLETE);
    String node1 = sc.physicalId("Node1Instance");

    assertThat(sc.update(protectedNodes, Scenario.keep("NodeDown", "node1")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e -> {
              assertThat(e.logicalId()).isEqualTo("Node1Instance");
              assertThat(e.status()).isEqualTo("DELETE_FAILED");
              assertThat(e.reason()).contains("Error Code: OperationNotPermitted");
            });
    assertThat(sc.sim.ec2().describeInstances(List.of(node1)).get(0).state()).isEqualTo("running");
    assertThat(sc.resources()).doesNotContainKey("Node1Instance");
  }

  private Map<String, String> physicalIds() {
    Map<String, String> out = new java.util.TreeMap<>();
    sc.resources().forEach((id, r) -> out.put(id, r.physicalId()));
    return out;
  }
}
