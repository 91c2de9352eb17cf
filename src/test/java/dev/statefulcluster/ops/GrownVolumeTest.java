package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.core.OpsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Volumes larger than their template. CloudFormation does not shrink a volume when it rolls back an
 * update that grew it: the rollback completes and the volume keeps its new size while the template
 * says the old one (AWS::EC2::Volume reference; docs/aws-facts.md, "Checked again: Volume
 * rollbacks"). status, deploy and grow take the real size.
 */
class GrownVolumeTest {
  static final String NAME = "zk-test";
  static final String BASE = SimWorld.listed(NAME, "{size: 100}", "");
  final SimWorld world = new SimWorld();
  Map<String, String> durable;

  /** An update grows every volume to 200 GiB and adds a node that never signals: rolled back. */
  @BeforeEach
  void growThenRollBack() throws Exception {
    world.deploy(BASE);
    durable = world.durableIds(NAME);
    String grownWithBadNode =
        BASE.replace("{size: 100}", "{size: 200}")
            .replace(
                "volume:",
                "  - {subnet: "
                    + SimWorld.SUBNETS[0]
                    + ", availabilityZone: eu-west-1a, ami: "
                    + SimWorld.AMI_SILENT
                    + "}\nvolume:");
    Throwable t = catchThrowable(() -> world.deploy(grownWithBadNode));
    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("the stack is UPDATE_ROLLBACK_COMPLETE");
    assertThat(sizes()).containsOnly(200);
    assertThat(world.sim.stacks().getTemplate(NAME)).doesNotContain("Node4Volume");
    world.lines.clear();
  }

  @Test
  void statusShowsTheRealSizeAndSaysTheTemplateIsSmaller() {
    ClusterStatus status = new StatusReader(world.cloud).read(NAME, 0);

    assertThat(status.stackStatus()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    assertThat(status.nodes()).extracting(NodeStatus::size).containsOnly(200);
    assertThat(status.nodes()).extracting(NodeStatus::templateSize).containsOnly(100);
    StatusTable.print(status, world.progress);
    assertThat(world.output())
        .contains(
            "note: node1's volume is 200 GiB, larger than the 100 GiB"
                + " its template says: CloudFormation does not shrink a volume when it rolls back an"
                + " update that grew it");
  }

  @Test
  void deployRefusesASizeBelowTheRealOneAsAShrinkBeforeAnyChangeSet() {
    int changeSets = world.calls("CreateChangeSet");
    for (String size : List.of("100", "150")) {
      Throwable t =
          catchThrowable(() -> world.deploy(BASE.replace("{size: 100}", "{size: " + size + "}")));
      assertThat(t)
          .hasMessageContaining(
              "volume.size: EBS volumes cannot shrink: node1's is 200"
                  + " GiB (its template says 100 GiB");
      assertThat(t).hasMessageContaining("node3's is 200 GiB");
    }
    assertThat(world.calls("CreateChangeSet"))
        .as("refused before any change set")
        .isEqualTo(changeSets);
    assertThat(sizes()).containsOnly(200);
  }

  @Test
  void deployOfTheRealSizeCompletesAndChangesNothingOnTheVolumes() throws Exception {
    assertThat(world.deploy(BASE.replace("{size: 100}", "{size: 200}")))
        .isEqualTo(Deployer.Outcome.UPDATED);

    assertThat(world.stack(NAME).status()).isEqualTo(StackStatus.UPDATE_COMPLETE);
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    assertThat(sizes()).containsOnly(200);
    assertThat(new StatusReader(world.cloud).read(NAME, 0).nodes())
        .allSatisfy(n -> assertThat(n.grownPastTemplate()).isFalse());
  }

  @Test
  void deployRefusesAVolumeChangeWhileTheLastModificationIsStillOptimizing() {
    int changeSets = world.calls("CreateChangeSet");
    Throwable t = catchThrowable(() -> world.deploy(BASE.replace("{size: 100}", "{size: 300}")));

    assertThat(t)
        .hasMessageContaining("volume: node1's volume is still optimizing (")
        .hasMessageContaining(
            "EBS takes a new one only once it completed, and CloudFormation"
                + " would hold the update for hours before failing it");
    assertThat(world.calls("CreateChangeSet"))
        .as("refused before any change set")
        .isEqualTo(changeSets);
  }

  @Test
  void growCountsFromTheRealSize() throws Exception {
    world.sim.ticker().sleep(Duration.ofHours(7));

    Throwable t = catchThrowable(() -> grow(150, null));
    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessageContaining(
            "node1 (" + durable.get("Node1Volume") + "): EBS volumes cannot shrink; it is 200 GiB");

    grow(250, null);
    assertThat(world.output()).contains("size 200 GiB -> 250 GiB");
    assertThat(sizes()).containsOnly(250);
  }

  @Test
  void growOfIopsAloneKeepsTheRealSize() throws Exception {
    world.sim.ticker().sleep(Duration.ofHours(7));

    grow(null, 4000);

    assertThat(world.stack(NAME).status()).isEqualTo(StackStatus.UPDATE_COMPLETE);
    assertThat(sizes()).containsOnly(200);
    assertThat(volumes()).extracting(Ec2Api.Volume::iops).containsOnly(4000);
  }

  private void grow(Integer size, Integer iops) throws Exception {
    new Grower(world.cloud, world.polling, world.progress)
        .grow(NAME, new Grower.Options(size, iops, null, List.of(), null, Duration.ofMinutes(20)));
  }

  private List<Ec2Api.Volume> volumes() {
    List<String> ids = new ArrayList<>();
    durable.forEach(
        (k, v) -> {
          if (k.endsWith("Volume")) {
            ids.add(v);
          }
        });
    return world.sim.ec2().describeVolumes(ids);
  }

  private List<Integer> sizes() {
    return volumes().stream().map(Ec2Api.Volume::size).toList();
  }
}
