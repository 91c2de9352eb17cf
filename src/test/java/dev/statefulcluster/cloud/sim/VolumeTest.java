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
 * Growing volumes through the stack: ModifyVolume's states and rules, and what the node reports.
 */
class VolumeTest {
  private static final long GIB = 1L << 30;
  private final Scenario sc = new Scenario();
  private String volume;
  private String instance;

  @BeforeEach
  void cluster() {
    sc.createCluster();
    volume = sc.physicalId("Node1Volume");
    instance = sc.physicalId("Node1Instance");
  }

  @Test
  void atBootTheNodeReportsItsFilesystemOnTheConsole() {
    assertThat(sc.sim.ec2().getConsoleOutput(instance, true))
        .isEqualTo(
            "stateful-cluster: filesystem /data volume "
                + volume
                + " fs_bytes "
                + (100 * GIB - 100 * GIB / 64)
                + " device_bytes "
                + 100 * GIB
                + "\n");
  }

  @Test
  void growingCompletesTheResourceAtOptimizingAndTheNodeGrowsAtItsNextCfnHupPoll() {
    var cs =
        sc.changeSet(
            dev.statefulcluster.cloud.ChangeSetType.UPDATE,
            Scenario.cluster(),
            Scenario.keep("VolumeSize", "200"));
    sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());
    sc.sleep(Duration.ofSeconds(10));
    assertThat(modification().state()).isEqualTo("modifying");
    assertThat(sc.sim.ec2().describeVolumes(List.of(volume)).get(0).size()).isEqualTo(100);

    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_COMPLETE);
    Ec2Api.VolumeModification m = modification();
    assertThat(m.state()).isEqualTo("optimizing");
    assertThat(m.originalSize()).isEqualTo(100);
    assertThat(m.targetSize()).isEqualTo(200);
    assertThat(sc.sim.ec2().describeVolumes(List.of(volume)).get(0).size()).isEqualTo(200);
    StackEvent updated =
        sc.eventsOldestFirst().stream()
            .filter(
                e -> e.logicalId().equals("Node1Volume") && e.status().equals("UPDATE_COMPLETE"))
            .findFirst()
            .orElseThrow();
    assertThat(Duration.between(m.startTime(), updated.timestamp()))
        .isEqualTo(Duration.ofSeconds(30));

    sc.sleep(Duration.ofMinutes(1));
    assertThat(sc.sim.ec2().getConsoleOutput(instance, true).lines().toList())
        .hasSize(2)
        .last()
        .asString()
        .endsWith("fs_bytes " + (200 * GIB - 200 * GIB / 64) + " device_bytes " + 200 * GIB);

    // Optimizing takes 6 s per GiB of the target size by default: 200 GiB, 20 minutes.
    sc.sleep(Duration.ofMinutes(20));
    assertThat(modification().state()).isEqualTo("completed");
    assertThat(modification().progress()).isEqualTo(100L);
  }

  @Test
  void aGrowWhileTheLastIsOptimizingHoldsTheVolumeUpdateForHoursThenFails() {
    sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "200"));
    sc.sleep(Duration.ofMinutes(2));
    int lines = sc.sim.ec2().getConsoleOutput(instance, true).lines().toList().size();

    var cs =
        sc.changeSet(
            dev.statefulcluster.cloud.ChangeSetType.UPDATE,
            Scenario.cluster(),
            Scenario.keep("VolumeSize", "300"));
    sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());
    java.time.Instant sent = sc.sim.ticker().now();
    // EBS refuses at once, but CloudFormation keeps the volume UPDATE_IN_PROGRESS for hours.
    sc.sleep(Duration.ofHours(6));
    assertThat(sc.stack().status()).isEqualTo(StackStatus.UPDATE_IN_PROGRESS);
    assertThat(sc.resources().get("Node1Volume").status()).isEqualTo("UPDATE_IN_PROGRESS");
    assertThat(failureReasons()).isEmpty();
    // cfn-hup's hook does not fire for a resource in progress: no new console line.
    assertThat(sc.sim.ec2().getConsoleOutput(instance, true).lines().toList()).hasSize(lines);

    // Then the update fails, and its rollback too (re:Post cloudformation-ebs-volume-error).
    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_ROLLBACK_FAILED);
    StackEvent failed =
        sc.eventsOldestFirst().stream()
            .filter(e -> e.logicalId().equals("Node1Volume") && "UPDATE_FAILED".equals(e.status()))
            .findFirst()
            .orElseThrow();
    assertThat(Duration.between(sent, failed.timestamp())).isEqualTo(Duration.ofHours(7));
    assertThat(failed.reason())
        .startsWith("Volume " + volume + " cannot be modified in modification state OPTIMIZING")
        .contains("Error Code: IncorrectModificationState");
    assertThat(sc.sim.ec2().describeVolumes(List.of(volume)).get(0).size()).isEqualTo(200);

    // Retried, the rollback finds nothing to undo: the volume never changed.
    sc.sim.stacks().continueUpdateRollback(Scenario.STACK, List.of());
    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(sc.stack().parameters()).containsEntry("VolumeSize", "200");
  }

  @Test
  void aVolumeCannotShrink() {
    sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "200"));
    sc.sleep(Duration.ofHours(1));

    assertThat(sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "150")))
        .isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(failureReasons())
        .anySatisfy(r -> assertThat(r).startsWith("New size cannot be smaller than existing size"));
  }

  @Test
  void atMostFourModificationsInTwentyFourHours() {
    for (int size = 110; size <= 140; size += 10) {
      assertThat(sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", String.valueOf(size))))
          .isEqualTo(StackStatus.UPDATE_COMPLETE);
      sc.sleep(Duration.ofHours(1));
    }
    assertThat(sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "150")))
        .isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(failureReasons())
        .anySatisfy(r -> assertThat(r).contains("Error Code: VolumeModificationRateExceeded"));

    sc.sleep(Duration.ofHours(21));
    assertThat(sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "150")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);
  }

  @Test
  void gp3LimitsAreEnforced() {
    String fast = Scenario.cluster().replace("\"Iops\": 3000", "\"Iops\": 60000");
    assertThat(sc.update(fast, Scenario.keep())).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(failureReasons())
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith(
                        "Iops to volume size ratio of 600.000000 is too high; maximum is 500.000000"));

    String tooFast = Scenario.cluster().replace("\"Throughput\": 125", "\"Throughput\": 1000");
    assertThat(sc.update(tooFast, Scenario.keep())).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(failureReasons())
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith("Throughput (MiBps) to iops ratio of 0.333333 is too high"));
  }

  @Test
  void ebsLimitsTable() {
    assertThat(EbsLimits.check("gp3", 100, null, null))
        .isEqualTo(new EbsLimits.Config("gp3", 100, 3000, 125));
    assertThat(EbsLimits.check(null, 10, null, null))
        .isEqualTo(new EbsLimits.Config("gp2", 10, null, null));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EbsLimits.check("io1", 100, null, null))
        .hasMessageContaining("iops must be specified");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EbsLimits.check("io2", 4, 256_001, null))
        .hasMessageContaining("too high; maximum is 256000");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EbsLimits.check("st1", 100, null, null))
        .hasMessageContaining("minimum is 125GiB");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EbsLimits.check("gp2", 100, 3000, null))
        .hasMessageContaining("iops is not supported for gp2");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EbsLimits.check("gp3", 70_000, null, null))
        .hasMessageContaining("maximum is 65536GiB");
  }

  private Ec2Api.VolumeModification modification() {
    return sc.sim.ec2().describeVolumesModifications(List.of(volume)).get(0);
  }

  private List<String> failureReasons() {
    return sc.eventsOldestFirst().stream()
        .filter(e -> "UPDATE_FAILED".equals(e.status()))
        .map(StackEvent::reason)
        .toList();
  }
}
