package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Final snapshots (DeletionPolicy, UpdateReplacePolicy), CreateSnapshot, and restoring from them.
 */
class SnapshotTest {
  private final Scenario sc = new Scenario();

  @Test
  void destroyingTheStackLeavesOneSnapshotPerVolumeWithAllItsTagsAndData() {
    sc.createCluster();
    for (int n = 1; n <= 3; n++) {
      sc.sim.ec2().writeData(sc.physicalId("Node" + n + "Volume"), "data of node" + n);
    }
    sc.sim.stacks().deleteStack(Scenario.STACK);
    sc.sleep(Duration.ofMinutes(10));
    assertThat(sc.sim.stacks().describeStack(Scenario.STACK)).isEmpty();

    for (int n = 1; n <= 3; n++) {
      String node = "node" + n;
      List<Ec2Api.Snapshot> found =
          sc.sim
              .ec2()
              .findSnapshots(
                  Map.of("stateful-cluster:cluster", "kafka", "stateful-cluster:node", "node" + n));
      assertThat(found)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.state()).isEqualTo("completed");
                assertThat(s.volumeSize()).isEqualTo(100);
                assertThat(s.encrypted()).isTrue();
                // The volume's own tags only: AWS does not document that aws:cloudformation:* reach
                // it.
                assertThat(s.tags())
                    .containsEntry("stateful-cluster:node", node)
                    .doesNotContainKeys(
                        "aws:cloudformation:logical-id",
                        "aws:cloudformation:stack-name",
                        "aws:cloudformation:stack-id");
              });
      assertThat(sc.sim.ec2().snapshotData(found.get(0).id())).isEqualTo("data of node" + n);
    }
  }

  @Test
  void restoringEachNodeFromItsOwnSnapshotGivesItsDataBack() {
    sc.createCluster();
    for (int n = 1; n <= 3; n++) {
      sc.sim.ec2().writeData(sc.physicalId("Node" + n + "Volume"), "data of node" + n);
    }
    sc.sim.stacks().deleteStack(Scenario.STACK);
    sc.sleep(Duration.ofMinutes(10));
    String[] snaps = new String[4];
    for (int n = 1; n <= 3; n++) {
      snaps[n] =
          sc.sim.ec2().findSnapshots(Map.of("stateful-cluster:node", "node" + n)).get(0).id();
    }

    assertThat(
            sc.create(
                Scenario.cluster(),
                Scenario.params(
                    "Node1Snapshot",
                    snaps[1],
                    "Node2Snapshot",
                    snaps[2],
                    "Node3Snapshot",
                    snaps[3],
                    "VolumeSize",
                    "120")))
        .isEqualTo(StackStatus.CREATE_COMPLETE);
    for (int n = 1; n <= 3; n++) {
      String volume = sc.physicalId("Node" + n + "Volume");
      assertThat(sc.sim.ec2().readData(volume)).isEqualTo("data of node" + n);
      Ec2Api.Volume v = sc.sim.ec2().describeVolumes(List.of(volume)).get(0);
      assertThat(v.snapshotId()).isEqualTo(snaps[n]);
      assertThat(v.size()).isEqualTo(120);
    }
  }

  @Test
  void aVolumeSmallerThanItsSnapshotFails() {
    sc.sim.ec2().addSnapshot("snap-big", 500, Map.of(), "old data");

    assertThat(sc.create(Scenario.cluster(), Scenario.params("Node1Snapshot", "snap-big")))
        .isEqualTo(StackStatus.ROLLBACK_COMPLETE);
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e -> {
              assertThat(e.logicalId()).isEqualTo("Node1Volume");
              assertThat(e.status()).isEqualTo("CREATE_FAILED");
              assertThat(e.reason())
                  .startsWith(
                      "Volume of size 100 is smaller than snapshot 'snap-big', expect size >= 500");
            });
  }

  @Test
  void clearingTheSnapshotParameterOfARestoredVolumeIsAFailedUpdateNotAReplacement() {
    sc.sim.ec2().addSnapshot("snap-1", 50, Map.of(), "restored");
    sc.create(Scenario.cluster(), Scenario.params("Node1Snapshot", "snap-1"));
    String volume = sc.physicalId("Node1Volume");

    var cs =
        sc.changeSet(
            dev.statefulcluster.cloud.ChangeSetType.UPDATE,
            Scenario.cluster(),
            Scenario.keep("Node1Snapshot", ""));
    assertThat(cs.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.logicalId()).isEqualTo("Node1Volume");
              assertThat(c.replacement()).isEqualTo(ResourceChange.Replacement.FALSE);
            });
    sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());
    assertThat(sc.settle()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(sc.physicalId("Node1Volume")).isEqualTo(volume);
    assertThat(sc.sim.ec2().readData(volume)).isEqualTo("restored");
  }

  @Test
  void removingAVolumeFromTheTemplateSnapshotsItInCleanup() {
    String policies = Scenario.resource("single-volume.json");
    sc.create(policies, List.of());
    String kept = sc.physicalId("Kept");
    String snapped = sc.physicalId("Snapped");
    sc.sim.ec2().writeData(snapped, "last words");

    assertThat(sc.update(policies, Scenario.params("WithVolumes", "false")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);
    assertThat(sc.sim.ec2().describeVolumes(List.of(kept, snapped)))
        .extracting(Ec2Api.Volume::id)
        .containsExactly(kept);
    Ec2Api.Snapshot s = sc.sim.ec2().findSnapshots(Map.of("purpose", "snapped")).get(0);
    assertThat(s.volumeId()).isEqualTo(snapped);
    assertThat(s.tags())
        .containsEntry("purpose", "snapped")
        .doesNotContainKeys(
            "aws:cloudformation:logical-id",
            "aws:cloudformation:stack-name",
            "aws:cloudformation:stack-id");
    assertThat(sc.sim.ec2().snapshotData(s.id())).isEqualTo("last words");
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e -> {
              assertThat(e.logicalId()).isEqualTo("Kept");
              assertThat(e.status()).isEqualTo("DELETE_SKIPPED");
            });
  }

  @Test
  void updateReplacePolicyRetainKeepsTheReplacedResource() {
    String policies = Scenario.resource("single-volume.json");
    sc.create(policies, List.of());
    String oldGroup = sc.physicalId("Group");

    assertThat(sc.update(policies, Scenario.params("GroupDescription", "second")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);
    assertThat(sc.physicalId("Group")).isNotEqualTo(oldGroup);
    assertThat(sc.sim.ec2().describeSecurityGroups(List.of(oldGroup))).hasSize(1);
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e -> {
              assertThat(e.physicalId()).isEqualTo(oldGroup);
              assertThat(e.status()).isEqualTo("DELETE_SKIPPED");
            });
  }

  @Test
  void createSnapshotIsPendingThenCompletedWithTheVolumesData() {
    sc.createCluster();
    String volume = sc.physicalId("Node2Volume");
    sc.sim.ec2().writeData(volume, "before");
    String id = sc.sim.ec2().createSnapshot(volume, "manual", Map.of("kind", "manual"));
    sc.sim.ec2().writeData(volume, "after");

    sc.sleep(Duration.ofSeconds(30));
    Ec2Api.Snapshot pending = sc.sim.ec2().describeSnapshots(List.of(id)).get(0);
    assertThat(pending.state()).isEqualTo("pending");
    assertThat(pending.progress()).isEqualTo("50%");
    sc.sleep(Duration.ofSeconds(30));
    assertThat(sc.sim.ec2().describeSnapshots(List.of(id, "snap-unknown")))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.state()).isEqualTo("completed");
              assertThat(s.description()).isEqualTo("manual");
              assertThat(s.tags()).containsExactly(Map.entry("kind", "manual"));
            });
    assertThat(sc.sim.ec2().snapshotData(id)).isEqualTo("before");
  }
}
