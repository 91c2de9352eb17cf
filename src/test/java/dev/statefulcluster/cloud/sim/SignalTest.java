package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CreationPolicy ResourceSignal: applies to every creation, times out, fails on a FAILURE signal.
 */
class SignalTest {
  private final Scenario sc = new Scenario();

  @Test
  void aNodeThatNeverSignalsFailsTheCreationAfterItsTimeoutAndTheStackRollsBack() {
    StackStatus status = sc.create(Scenario.cluster(), Scenario.params("Node2Image", "ami-hang"));

    assertThat(status).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
    List<StackEvent> events = sc.eventsOldestFirst();
    StackEvent failure =
        events.stream()
            .filter(
                e -> e.status().equals("CREATE_FAILED") && e.logicalId().equals("Node2Instance"))
            .findFirst()
            .orElseThrow();
    assertThat(failure.reason())
        .isEqualTo("Failed to receive 1 resource signal(s) within the specified duration");
    StackEvent started =
        events.stream()
            .filter(
                e ->
                    e.logicalId().equals("Node2Instance")
                        && e.status().equals("CREATE_IN_PROGRESS"))
            .findFirst()
            .orElseThrow();
    assertThat(Duration.between(started.timestamp(), failure.timestamp()))
        .isEqualTo(Duration.ofMinutes(10));
    StackEvent rollback =
        events.stream()
            .filter(e -> e.isStackEvent() && e.status().equals("ROLLBACK_IN_PROGRESS"))
            .findFirst()
            .orElseThrow();
    assertThat(rollback.reason())
        .isEqualTo(
            "The following resource(s) failed to create: [Node2Instance]. Rollback requested by user.");
    // Everything created was deleted, and the volumes' DeletionPolicy left snapshots.
    assertThat(sc.resources().values())
        .allSatisfy(r -> assertThat(r.status()).isEqualTo("DELETE_COMPLETE"));
    assertThat(sc.sim.ec2().findSnapshots(java.util.Map.of("stateful-cluster:cluster", "kafka")))
        .hasSize(3);
  }

  @Test
  void aFailureSignalFailsTheCreationAtOnce() {
    sc.create(Scenario.cluster(), Scenario.params("Node3Image", "ami-bad"));

    StackEvent failure =
        sc.eventsOldestFirst().stream()
            .filter(e -> e.status().equals("CREATE_FAILED"))
            .findFirst()
            .orElseThrow();
    assertThat(failure.logicalId()).isEqualTo("Node3Instance");
    assertThat(failure.reason()).matches("Received FAILURE signal with UniqueId i-[0-9a-f]{17}");
  }

  @Test
  void theOtherInstancesInFlightAreCancelled() {
    sc.create(Scenario.cluster(), Scenario.params("Node3Image", "ami-bad"));

    // ami-bad fails after 45 s of boot; the other nodes need 60 s, so they are still creating.
    assertThat(sc.eventsOldestFirst())
        .filteredOn(e -> "Resource creation cancelled".equals(e.reason()))
        .extracting(StackEvent::logicalId)
        .containsExactlyInAnyOrder("Node1Instance", "Node2Instance");
  }

  @Test
  void aReplacementWaitsForItsSignalWithTheDefaultTimeout() {
    sc.create(Scenario.resource("single-instance.json"), List.of());
    String old = sc.physicalId("Web");

    assertThat(
            sc.update(
                Scenario.resource("single-instance.json"), Scenario.params("Image", "ami-hang")))
        .isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    List<StackEvent> events = sc.eventsOldestFirst();
    StackEvent failure =
        events.stream().filter(e -> e.status().equals("UPDATE_FAILED")).findFirst().orElseThrow();
    assertThat(failure.reason())
        .isEqualTo("Failed to receive 1 resource signal(s) within the specified duration");
    StackEvent replacing =
        events.stream()
            .filter(e -> e.status().equals("UPDATE_IN_PROGRESS") && e.logicalId().equals("Web"))
            .findFirst()
            .orElseThrow();
    assertThat(Duration.between(replacing.timestamp(), failure.timestamp()))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(sc.physicalId("Web")).isEqualTo(old);
    assertThat(sc.sim.ec2().describeInstances(List.of(failure.physicalId())).get(0).state())
        .isEqualTo("terminated");
  }

  @Test
  void aSuccessfulReplacementCreatesTheNewInstanceFirstAndDeletesTheOldOneInCleanup() {
    sc.create(Scenario.resource("single-instance.json"), List.of());
    String old = sc.physicalId("Web");

    assertThat(
            sc.update(
                Scenario.resource("single-instance.json"), Scenario.params("Image", "ami-new")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);
    String replacement = sc.physicalId("Web");
    assertThat(replacement).isNotEqualTo(old);
    List<StackEvent> events = sc.eventsOldestFirst();
    int newDone = StackLifecycleTest.indexOf(events, "Web", "UPDATE_COMPLETE");
    int cleanup =
        StackLifecycleTest.indexOf(events, "kafka", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
    int oldGone = StackLifecycleTest.indexOf(events, "Web", "DELETE_COMPLETE");
    assertThat(newDone).isLessThan(cleanup).isLessThan(oldGone);
    assertThat(events.get(oldGone).physicalId()).isEqualTo(old);
    assertThat(events.get(newDone).physicalId()).isEqualTo(replacement);
    assertThat(sc.stack().outputs().get("Address")).isEqualTo("10.0.1.5");
  }

  @Test
  void anInstanceTypeChangeStopsAndStartsTheInstanceWithoutReplacingIt() {
    sc.create(Scenario.resource("single-instance.json"), List.of());
    String web = sc.physicalId("Web");

    var cs =
        sc.changeSet(
            dev.statefulcluster.cloud.ChangeSetType.UPDATE,
            Scenario.resource("single-instance.json"),
            Scenario.params("Type", "t3.large"));
    assertThat(cs.changes())
        .singleElement()
        .extracting(c -> c.replacement())
        .isEqualTo(ResourceChange.Replacement.CONDITIONAL);
    sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());
    sc.sleep(Duration.ofSeconds(10));
    assertThat(sc.sim.ec2().describeInstances(List.of(web)).get(0).state()).isEqualTo("stopping");
    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_COMPLETE);

    assertThat(sc.physicalId("Web")).isEqualTo(web);
    assertThat(sc.sim.ec2().describeInstances(List.of(web)).get(0).instanceType())
        .isEqualTo("t3.large");
    assertThat(sc.sim.ec2().describeInstances(List.of(web)).get(0).state()).isEqualTo("running");
  }
}
