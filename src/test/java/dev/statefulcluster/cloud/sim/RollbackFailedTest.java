package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A rollback that cannot shrink a grown volume back: UPDATE_ROLLBACK_FAILED, then continue with skip. */
class RollbackFailedTest {
  private final Scenario sc = new Scenario();

  @BeforeEach
  void nodeOneDown() {
    sc.createCluster();
    sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "node1"));
  }

  @Test
  void aGrowInAFailedUpdateCannotBeUndoneAndIsSkipped() {
    // The update grows every volume and brings node1 back on an image that fails its health check.
    StackStatus status = sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "none", "Node1Image", "ami-bad", "VolumeSize", "200"));

    assertThat(status).isEqualTo(StackStatus.UPDATE_ROLLBACK_FAILED);
    assertThat(sc.stack().statusReason()).startsWith("The following resource(s) failed to update: [").contains("Node2Volume");
    List<StackEvent> failed = sc.eventsOldestFirst().stream().filter(e -> e.status().equals("UPDATE_FAILED") && e.logicalId().endsWith("Volume")).toList();
    assertThat(failed).isNotEmpty().allSatisfy(e -> assertThat(e.reason()).contains("Error Code: IncorrectModificationState"));

    assertThatThrownBy(() -> sc.sim.stacks().createChangeSet(sc.request(dev.statefulcluster.cloud.ChangeSetType.UPDATE, Scenario.cluster(), Scenario.keep())))
        .isInstanceOf(CloudException.class)
        .hasMessageEndingWith("is in UPDATE_ROLLBACK_FAILED state and can not be updated.");

    List<String> skip = failedVolumes();
    sc.sim.stacks().continueUpdateRollback(Scenario.STACK, skip);
    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(sc.stack().parameters()).containsEntry("VolumeSize", "100").containsEntry("NodeDown", "node1");
    assertThat(sc.resources()).doesNotContainKey("Node1Instance");
    // The skipped volumes stay as EBS left them: grown.
    assertThat(sc.sim.ec2().describeVolumes(List.of(sc.physicalId(skip.get(0)))).get(0).size()).isEqualTo(200);
  }

  @Test
  void continuingWithoutSkippingRetriesAndFailsAgainWhileTheVolumeIsOptimizing() {
    sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "none", "Node1Image", "ami-bad", "VolumeSize", "200"));

    sc.sim.stacks().continueUpdateRollback(Scenario.STACK, List.of());
    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_ROLLBACK_FAILED);

    // Once the modification completed, EBS refuses the shrink itself.
    sc.sleep(Duration.ofHours(1));
    sc.sim.stacks().continueUpdateRollback(Scenario.STACK, List.of());
    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_ROLLBACK_FAILED);
    assertThat(sc.eventsOldestFirst().get(sc.eventsOldestFirst().size() - 2).reason())
        .startsWith("New size cannot be smaller than existing size");
  }

  @Test
  void onlyResourcesThatFailedCanBeSkipped() {
    sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "none", "Node1Image", "ami-bad", "VolumeSize", "200"));

    assertThatThrownBy(() -> sc.sim.stacks().continueUpdateRollback(Scenario.STACK, List.of("ClusterSecurityGroup")))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("ClusterSecurityGroup cannot be skipped");
  }

  private List<String> failedVolumes() {
    return sc.resources().values().stream()
        .filter(r -> r.status().equals("UPDATE_FAILED"))
        .map(r -> r.logicalId())
        .toList();
  }
}
