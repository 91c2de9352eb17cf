package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.synth.ClusterLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** snapshot → destroy → restore: node i gets node i's data back, and its old address. */
class SnapshotRestoreTest {
  static final String NAME = "cass-test";
  static final String FILE = SimWorld.listed(NAME, "{size: 100, filesystem: ext4}", "");
  final SimWorld world = new SimWorld();

  private Map<String, String> createWithData() throws Exception {
    world.deploy(FILE);
    Map<String, String> ids = world.physicalIds(NAME);
    for (int n = 1; n <= 3; n++) {
      world.sim.ec2().writeData(ids.get("Node" + n + "Volume"), "data of node" + n);
    }
    return ids;
  }

  private void assertRestored() {
    Map<String, String> ids = world.physicalIds(NAME);
    for (int n = 1; n <= 3; n++) {
      assertThat(world.sim.ec2().readData(ids.get("Node" + n + "Volume")))
          .isEqualTo("data of node" + n);
      assertThat(
              world
                  .sim
                  .ec2()
                  .networkInterface(ids.get("Node" + n + "Eni"))
                  .orElseThrow()
                  .privateIpAddress())
          .isEqualTo("10.0." + n + ".10");
    }
  }

  @Test
  void aSnapshotSetRestoresEachNodesDataAfterDestroy() throws Exception {
    createWithData();
    Snapshotter.SnapshotSet set =
        new Snapshotter(world.cloud, world.polling, world.progress)
            .snapshot(NAME, Map.of("reason", "before-upgrade"));
    assertThat(set.members()).hasSize(3).allMatch(m -> m.state().equals("completed"));
    assertThat(
            world
                .sim
                .ec2()
                .describeSnapshots(List.of(set.members().get(0).snapshotId()))
                .get(0)
                .tags())
        .containsEntry("stateful-cluster:node", "node1")
        .containsEntry("stateful-cluster:cluster", NAME)
        .containsEntry("reason", "before-upgrade")
        .containsEntry("stateful-cluster:snapshot-set", set.name());

    new Destroyer(world.cloud, world.polling, world.progress).destroy(NAME);
    world.deployer().deploy(SimWorld.spec(FILE), new Deployer.Options(null, set.name()));

    assertRestored();
    // The template says which snapshot each volume came from: what deploy checks the file against.
    TemplateDocument deployed = TemplateDocument.parse(world.sim.stacks().getTemplate(NAME));
    assertThat(deployed.value(ClusterLayout.node(2).snapshot()))
        .isEqualTo(set.members().get(1).snapshotId());
    assertThat(ClusterStack.snapshot(world.stack(NAME).parameters(), deployed, 2))
        .isEqualTo(set.members().get(1).snapshotId());
  }

  @Test
  void theFinalSnapshotsDestroyPrintsRestoreTheCluster() throws Exception {
    createWithData();
    List<Destroyer.FinalSnapshot> finals =
        new Destroyer(world.cloud, world.polling, world.progress).destroy(NAME).nodes();

    String ids =
        String.join(",", finals.stream().map(Destroyer.FinalSnapshot::snapshotId).toList());
    world.deployer().deploy(SimWorld.spec(FILE), new Deployer.Options(null, ids));

    assertRestored();
    // Later deploys of the same file need not name the set again: the volumes stay as they are.
    Map<String, String> restored = world.physicalIds(NAME);
    world
        .deployer()
        .deploy(SimWorld.spec(FILE.replace("size: 100", "size: 120")), SimWorld.WITH_BUCKET);
    assertThat(world.physicalIds(NAME).get("Node2Volume")).isEqualTo(restored.get("Node2Volume"));
    // An instance change rolls each node on the same volumes, their data there.
    world
        .deployer()
        .deploy(
            SimWorld.spec(
                FILE.replace("size: 100", "size: 120")
                    .replace("instanceType: m6i.large", "instanceType: m6i.xlarge")),
            SimWorld.WITH_BUCKET);
    assertThat(world.physicalIds(NAME).get("Node2Instance"))
        .isNotEqualTo(restored.get("Node2Instance"));
    assertRestored();
    for (int n = 1; n <= 3; n++) {
      assertThat(world.physicalIds(NAME).get("Node" + n + "Volume"))
          .isEqualTo(restored.get("Node" + n + "Volume"));
    }
  }

  @Test
  void theRestoreLinesDestroyPrintsAreAValidClusterFile() throws Exception {
    createWithData();
    List<Destroyer.FinalSnapshot> finals =
        new Destroyer(world.cloud, world.polling, world.progress).destroy(NAME).nodes();

    String file =
        FILE.substring(0, FILE.indexOf("nodes:"))
            + String.join("\n", Destroyer.restoreLines(finals))
            + "\n"
            + FILE.substring(FILE.indexOf("volume:"));
    world.deploy(file);

    assertRestored();
  }

  @Test
  void aSnapshotSetMissingANodeIsRefused() throws Exception {
    world.deploy(FILE);
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                world
                    .deployer()
                    .deploy(
                        SimWorld.spec(FILE.replace("cass-test", "other")),
                        new Deployer.Options(null, "no-such-set")));

    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessage(
            "no snapshot set named"
                + " no-such-set (no snapshots tagged stateful-cluster:snapshot-set=no-such-set in this"
                + " region)");
  }
}
