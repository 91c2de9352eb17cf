package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rolling back an update that modified volumes. CloudFormation does not shrink a grown volume on
 * rollback: the rollback completes and the volume stays larger than its template. Reverting IOPS
 * while the modification is still optimizing can fail the rollback: UPDATE_ROLLBACK_FAILED, then
 * ContinueUpdateRollback, with or without skipping (docs/aws-facts.md, "Checked again: Volume
 * rollbacks").
 */
class RollbackFailedTest {
  private final Scenario sc = new Scenario();

  @BeforeEach
  void nodeOneDown() {
    sc.createCluster();
    sc.update(Scenario.cluster(), Scenario.keep("NodeDown", "node1"));
  }

  @Test
  void aGrowInAFailedUpdateIsNotShrunkBackAndTheRollbackCompletes() {
    // The update grows every volume and brings node1 back on an image that fails its health check.
    StackStatus status =
        sc.update(
            Scenario.cluster(),
            Scenario.keep("NodeDown", "none", "Node1Image", "ami-bad", "VolumeSize", "200"));

    assertThat(status).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(sc.stack().parameters())
        .containsEntry("VolumeSize", "100")
        .containsEntry("NodeDown", "node1");
    assertThat(sc.eventsOldestFirst())
        .noneSatisfy(
            e -> {
              assertThat(e.logicalId()).endsWith("Volume");
              assertThat(e.status()).isEqualTo("UPDATE_FAILED");
            });
    // Every volume stays as EBS left it: grown, larger than the template says.
    for (int n = 1; n <= 3; n++) {
      assertThat(volume(n).size()).isEqualTo(200);
    }

    // An update to the size the volumes really have is a no-op for EBS and completes.
    assertThat(sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "200")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);
    assertThat(volume(1).size()).isEqualTo(200);
  }

  @Test
  void revertingIopsWhileOptimizingFailsTheRollbackThenSkippingCompletesIt() {
    failedRollbackOfIops();

    assertThat(sc.stack().statusReason())
        .startsWith("The following resource(s) failed to update: [")
        .contains("Node2Volume");
    List<StackEvent> failed =
        sc.eventsOldestFirst().stream()
            .filter(e -> e.status().equals("UPDATE_FAILED") && e.logicalId().endsWith("Volume"))
            .toList();
    assertThat(failed)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.reason()).contains("Error Code: IncorrectModificationState"));

    assertThatThrownBy(
            () ->
                sc.sim
                    .stacks()
                    .createChangeSet(
                        sc.request(
                            dev.statefulcluster.cloud.ChangeSetType.UPDATE,
                            Scenario.cluster(),
                            Scenario.keep())))
        .isInstanceOf(CloudException.class)
        .hasMessageEndingWith("is in UPDATE_ROLLBACK_FAILED state and can not be updated.");

    List<String> skip = failedVolumes();
    sc.sim.stacks().continueUpdateRollback(Scenario.STACK, skip);
    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(sc.stack().parameters())
        .containsEntry("VolumeSize", "100")
        .containsEntry("NodeDown", "node1");
    assertThat(sc.resources()).doesNotContainKey("Node1Instance");
    // The skipped volumes stay as EBS left them: grown, with the new IOPS.
    Ec2Api.Volume v = sc.sim.ec2().describeVolumes(List.of(sc.physicalId(skip.get(0)))).get(0);
    assertThat(v.size()).isEqualTo(200);
    assertThat(v.iops()).isEqualTo(4000);
  }

  @Test
  void continuingWithoutSkippingRevertsTheIopsOnceTheModificationCompleted() {
    failedRollbackOfIops();

    sc.sim.stacks().continueUpdateRollback(Scenario.STACK, List.of());
    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(volume(1).iops()).isEqualTo(3000);
    assertThat(volume(1).size()).isEqualTo(200);
  }

  @Test
  void onlyResourcesThatFailedCanBeSkipped() {
    failedRollbackOfIops();

    assertThatThrownBy(
            () ->
                sc.sim
                    .stacks()
                    .continueUpdateRollback(Scenario.STACK, List.of("ClusterSecurityGroup")))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("ClusterSecurityGroup cannot be skipped");
  }

  @Test
  void cfnHupWaitsUntilTheVolumeHasLeftItsRollbackInProgress() {
    String node2 = sc.physicalId("Node2Instance");
    String faster = Scenario.cluster().replace("\"Iops\": 3000", "\"Iops\": 4000");
    // node1 cannot even launch: the rollback starts the moment the volumes finished growing.
    var cs =
        sc.changeSet(
            dev.statefulcluster.cloud.ChangeSetType.UPDATE,
            faster,
            Scenario.keep("NodeDown", "none", "Node1Image", "ami-missing", "VolumeSize", "200"));
    sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());

    sc.sleep(Duration.ofHours(6));
    assertThat(sc.resources().get("Node2Volume").status()).isEqualTo("UPDATE_IN_PROGRESS");
    assertThat(sc.sim.ec2().getConsoleOutput(node2, true).lines())
        .as("only the boot's line")
        .hasSize(1);

    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_ROLLBACK_FAILED);
    sc.sleep(Duration.ofMinutes(2));
    assertThat(sc.sim.ec2().getConsoleOutput(node2, true).lines().toList())
        .hasSize(2)
        .last()
        .asString()
        .endsWith("device_bytes " + (200L << 30));
  }

  /** Grows the volumes and raises their IOPS in an update whose node1 fails its signal. */
  private void failedRollbackOfIops() {
    String faster = Scenario.cluster().replace("\"Iops\": 3000", "\"Iops\": 4000");
    var cs =
        sc.changeSet(
            dev.statefulcluster.cloud.ChangeSetType.UPDATE,
            faster,
            Scenario.keep("NodeDown", "none", "Node1Image", "ami-bad", "VolumeSize", "200"));
    sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());
    // The revert of the IOPS meets the grow still optimizing: CloudFormation waits for hours.
    sc.sleep(Duration.ofHours(6));
    assertThat(sc.stack().status()).isEqualTo(StackStatus.UPDATE_ROLLBACK_IN_PROGRESS);
    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_ROLLBACK_FAILED);
  }

  private Ec2Api.Volume volume(int n) {
    return sc.sim.ec2().describeVolumes(List.of(sc.physicalId("Node" + n + "Volume"))).get(0);
  }

  private List<String> failedVolumes() {
    return sc.resources().values().stream()
        .filter(r -> r.status().equals("UPDATE_FAILED"))
        .map(r -> r.logicalId())
        .toList();
  }
}
