package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.sim.SimLatencies;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.roll.RollOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * destroy's final snapshots: the node's volume's snapshot that started after the delete began,
 * completed, named as a set, with what restores each node as it was; found again by a run after an
 * interrupted one.
 */
class FinalSnapshotsTest {
  static final String NAME = "cass-test";
  static final String FILE = SimWorld.listed(NAME, "{size: 100, filesystem: ext4}", "");
  SimWorld world = new SimWorld();

  private Map<String, String> createWithData(String data) throws Exception {
    world.deploy(FILE);
    Map<String, String> ids = world.physicalIds(NAME);
    writeData(ids, data);
    return ids;
  }

  private void writeData(Map<String, String> ids, String data) {
    for (int n = 1; n <= 3; n++) {
      world.sim.ec2().writeData(ids.get("Node" + n + "Volume"), data + " of node" + n);
    }
  }

  private Destroyer destroyer() {
    return new Destroyer(world.cloud, world.polling, world.progress);
  }

  private void roll(String ami) throws Exception {
    world.roller().roll(NAME, RollOptions.to(ami));
  }

  private Instant deleteBegan(String stackId) {
    return world.sim.stacks().describeStackEvents(stackId, 1000).stream()
        .filter(e -> e.isStackEvent() && e.status().equals("DELETE_IN_PROGRESS"))
        .map(StackEvent::timestamp)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anEarlierSnapshotIsNeverCalledFinal() throws Exception {
    Map<String, String> ids = createWithData("old data");
    Snapshotter.SnapshotSet manual =
        new Snapshotter(world.cloud, world.polling, world.progress).snapshot(NAME, Map.of());
    roll(SimWorld.AMI_NEW);
    roll(SimWorld.AMI_OLD);
    writeData(ids, "new data");
    String stackId = world.stack(NAME).id();
    // node2's volume is lost outside CloudFormation: the delete leaves no snapshot of it
    world.sim.ec2().deleteVolume(ids.get("Node2Volume"));

    Destroyer.Result result = destroyer().destroy(NAME);

    List<String> manualIds = manual.members().stream().map(Snapshotter.Member::snapshotId).toList();
    assertThat(result.nodes())
        .extracting(Destroyer.FinalSnapshot::snapshotId)
        .doesNotContainAnyElementsOf(manualIds);
    assertThat(result.missing()).extracting(Destroyer.FinalSnapshot::node).containsExactly(2);
    Instant began = deleteBegan(stackId);
    assertThat(result.deleteBegan()).isEqualTo(began);
    for (Destroyer.FinalSnapshot f : List.of(result.nodes().get(0), result.nodes().get(2))) {
      Ec2Api.Snapshot s = world.sim.ec2().describeSnapshots(List.of(f.snapshotId())).get(0);
      assertThat(s.volumeId()).isEqualTo(ids.get("Node" + f.node() + "Volume"));
      assertThat(s.startTime()).isAfterOrEqualTo(began);
      assertThat(world.sim.ec2().snapshotData(f.snapshotId()))
          .isEqualTo("new data of node" + f.node());
    }
    assertThat(Destroyer.missingLine(result))
        .isEqualTo(
            "no final snapshot of node2 (volume "
                + ids.get("Node2Volume")
                + ": no snapshot started after the delete began at "
                + "2026-01-05 "
                + began.toString().substring(11, 19)
                + "Z); restoring would bring that"
                + " node back without data, so no restore lines are printed; look for the data"
                + " elsewhere (an earlier snapshot set, a replica)");
    assertThat(catchThrowable(() -> Destroyer.restoreLines(result.nodes())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void finalSnapshotsAreCompletedThenNamedAsASetThatRestoresTheCluster() throws Exception {
    createWithData("data");

    Destroyer.Result result = destroyer().destroy(NAME);

    assertThat(result.set()).startsWith(NAME + "-final-");
    assertThat(result.missing()).isEmpty();
    assertThat(world.output())
        .containsPattern("waiting for the final snapshots to complete: snap-[0-9a-f]+ \\d+%");
    for (Destroyer.FinalSnapshot f : result.nodes()) {
      Ec2Api.Snapshot s = world.sim.ec2().describeSnapshots(List.of(f.snapshotId())).get(0);
      assertThat(s.state()).isEqualTo("completed");
      assertThat(f.state()).isEqualTo("completed");
      assertThat(s.tags())
          .containsEntry(SnapshotSets.SET_TAG, result.set())
          .containsEntry("stateful-cluster:node", "node" + f.node())
          .containsEntry("stateful-cluster:cluster", NAME);
    }

    world.deployer().deploy(SimWorld.spec(FILE), new Deployer.Options(null, result.set()));
    Map<String, String> ids = world.physicalIds(NAME);
    for (int n = 1; n <= 3; n++) {
      assertThat(world.sim.ec2().readData(ids.get("Node" + n + "Volume")))
          .isEqualTo("data of node" + n);
    }
  }

  @Test
  void snapshotsSlowerThanTheLimitFailTheRunAndTheNextRunFinishes() throws Exception {
    world =
        new SimWorld(SimLatencies.defaults().with(SimLatencies.Step.SNAPSHOT, Duration.ofHours(2)));
    createWithData("data");
    Polling hour =
        new Polling(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(15), Duration.ofHours(1));

    Throwable t =
        catchThrowable(() -> new Destroyer(world.cloud, hour, world.progress).destroy(NAME));

    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessageStartingWith("final snapshots not completed after 60 min (snap-")
        .hasMessageEndingWith("); EBS goes on: run destroy again to wait for them and name them");
    assertThat(world.sim.stacks().describeStack(NAME)).isEmpty();

    Destroyer.Result again = new Destroyer(world.cloud, hour, world.progress).destroy(NAME);
    assertThat(again.missing()).isEmpty();
    assertThat(again.nodes()).allMatch(f -> f.state().equals("completed"));
  }

  @Test
  void theRestoreLinesKeepTheAmiEachNodeLastRan() throws Exception {
    createWithData("data");
    roll(SimWorld.AMI_NEW);

    Destroyer.Result result = destroyer().destroy(NAME);
    List<String> lines = Destroyer.restoreLines(result.nodes());
    assertThat(lines)
        .contains(
            "    ami: " + SimWorld.AMI_NEW,
            "    privateIp: 10.0.2.10",
            "    availabilityZone: eu-west-1b");
    String file =
        FILE.substring(0, FILE.indexOf("nodes:"))
            + String.join("\n", lines)
            + "\n"
            + FILE.substring(FILE.indexOf("volume:"));
    world.deploy(file);

    Map<String, String> ids = world.physicalIds(NAME);
    for (int n = 1; n <= 3; n++) {
      Ec2Api.Instance i =
          world.sim.ec2().describeInstances(List.of(ids.get("Node" + n + "Instance"))).get(0);
      assertThat(i.imageId()).isEqualTo(SimWorld.AMI_NEW);
      assertThat(i.privateIpAddress()).isEqualTo("10.0." + n + ".10");
      assertThat(world.sim.ec2().readData(ids.get("Node" + n + "Volume")))
          .isEqualTo("data of node" + n);
    }
  }

  /**
   * The set's name reaches every final snapshot in one CreateTags (their cluster and node tags are
   * the volume's, copied): a tag call per volume for its restore record, one for the whole set.
   */
  @Test
  void theFinalSetIsNamedInOneCallBesideEachVolumesRecord() throws Exception {
    world.deploy(SimWorld.listed(NAME, "{size: 100}", ""));
    int before = world.calls("CreateTags");

    Destroyer.Result result = destroyer().destroy(NAME);

    assertThat(world.calls("CreateTags") - before).isEqualTo(3 + 1);
    assertThat(result.set()).isNotNull();
    for (Destroyer.FinalSnapshot f : result.nodes()) {
      assertThat(world.sim.ec2().describeSnapshots(List.of(f.snapshotId())).get(0).tags())
          .containsEntry("stateful-cluster:snapshot-set", result.set())
          .containsEntry("stateful-cluster:cluster", NAME)
          .containsEntry("stateful-cluster:node", "node" + f.node());
    }
  }

  /**
   * EC2 allows 50 tags on a volume and on its snapshot: with the file's 47 the volume has no room
   * for the stack's record nor the snapshot for the set's name. destroy still ends with every final
   * snapshot, known by id.
   */
  @Test
  void volumesFullOfTagsStillGiveEveryFinalSnapshot() throws Exception {
    StringBuilder tags = new StringBuilder("tags: {");
    for (int i = 1; i <= 47; i++) {
      tags.append(i == 1 ? "" : ", ").append("t").append(i).append(": v");
    }
    String file = SimWorld.listed(NAME, "{size: 100}", tags + "}\n");
    world.deploy(file);

    Destroyer.Result result = destroyer().destroy(NAME);

    assertThat(result.set()).isNull();
    assertThat(result.missing()).isEmpty();
    assertThat(result.nodes()).allMatch(f -> f.state().equals("completed"));
    assertThat(world.output())
        .contains("note: node1's volume ")
        .contains(
            " carries the 50 tags"
                + " EC2 allows, so it cannot record the stack; should this run be interrupted once the"
                + " stack is deleted, find its final snapshot by volume id")
        .contains("note: node1's" + " final snapshot snap-");
    String ids =
        String.join(",", result.nodes().stream().map(Destroyer.FinalSnapshot::snapshotId).toList());
    world.deployer().deploy(SimWorld.spec(file), new Deployer.Options(null, ids));
  }

  /**
   * AWS documents only the volume's own tags on its deletion snapshot: no code outside the model
   * names a tag of CloudFormation's.
   */
  @Test
  void nothingOutsideTheModelReadsAnAwsCloudFormationTag() throws Exception {
    Path root = Path.of("src/main/java/dev/statefulcluster");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> !f.startsWith(root.resolve("cloud/sim")))
              .filter(
                  f -> {
                    try {
                      return Files.readString(f).contains("\"aws:cloudformation");
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(Path::toString)
              .toList();
    }
    assertThat(offenders).isEmpty();
  }

  /** Killed at every AWS call destroy makes, then run again, later: every final snapshot. */
  @Test
  void destroyKilledAtEveryCallAndRunAgainFindsEveryFinalSnapshot() throws Exception {
    int runs = 0;
    for (int kill = 1; ; kill++) {
      world = new SimWorld();
      Map<String, String> ids = createWithData("data");
      Snapshotter.SnapshotSet manual =
          new Snapshotter(world.cloud, world.polling, world.progress).snapshot(NAME, Map.of());
      writeData(ids, "newer data");
      KillingCloud killing = new KillingCloud(world.cloud, m -> true, kill);
      try {
        new Destroyer(killing, world.polling, world.progress).destroy(NAME);
        break;
      } catch (KillingCloud.Killed expected) {
        runs++;
      }
      // the operator comes back later: the delete may be over and the stack gone by name
      world.sim.ticker().sleep(Duration.ofMinutes(kill % 2 == 0 ? 30 : 0));

      Destroyer.Result result = destroyer().destroy(NAME);

      assertThat(result.missing()).as("killed at call %d", kill).isEmpty();
      assertThat(world.sim.stacks().describeStack(NAME)).isEmpty();
      for (Destroyer.FinalSnapshot f : result.nodes()) {
        assertThat(f.snapshotId())
            .isNotIn(manual.members().stream().map(Snapshotter.Member::snapshotId).toList());
        assertThat(world.sim.ec2().snapshotData(f.snapshotId()))
            .as("killed at call %d", kill)
            .isEqualTo("newer data of node" + f.node());
        assertThat(f.state()).isEqualTo("completed");
        assertThat(f.privateIp()).isEqualTo("10.0." + f.node() + ".10");
        assertThat(f.ami()).isEqualTo(SimWorld.AMI_OLD);
      }
      assertThat(SnapshotSets.resolve(result.set(), 3, world.cloud.ec2()))
          .containsExactlyElementsOf(
              result.nodes().stream().map(Destroyer.FinalSnapshot::snapshotId).toList());
    }
    System.out.println("destroy killed at each of its " + runs + " AWS calls and run again");
    assertThat(runs).isGreaterThan(10);
  }
}
