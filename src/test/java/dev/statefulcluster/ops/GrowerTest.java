package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Online storage growth against the in-memory model, and every rule that refuses one. */
class GrowerTest {
  static final String NAME = "grow-test";
  final SimWorld world = new SimWorld();
  Map<String, String> durable;

  @BeforeEach
  void createCluster() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    durable = world.durableIds(NAME);
    world.lines.clear();
  }

  private List<Grower.Grown> grow(
      Integer size, Integer iops, Integer throughput, List<Integer> nodes) throws Exception {
    return new Grower(world.cloud, world.polling, world.progress)
        .grow(
            NAME, new Grower.Options(size, iops, throughput, nodes, null, Duration.ofMinutes(20)));
  }

  private Throwable refused(Integer size, Integer iops, Integer throughput) {
    int changeSets = world.calls("CreateChangeSet");
    Throwable t = catchThrowable(() -> grow(size, iops, throughput, List.of()));
    assertThat(t).isInstanceOf(OpsException.class);
    assertThat(((OpsException) t).kind()).isEqualTo(OpsException.Kind.REFUSED);
    assertThat(world.calls("CreateChangeSet"))
        .as("refused before any change set")
        .isEqualTo(changeSets);
    return t;
  }

  @Test
  void growsEveryVolumeInPlaceAndReportsEachNodesFilesystem() throws Exception {
    List<Grower.Grown> grown = grow(300, 6000, 400, List.of());

    assertThat(world.output())
        .containsPattern(
            "Modify +Node1Volume +AWS::EC2::Volume +False +Properties: Size, Iops," + " Throughput")
        .containsPattern("Modify +Node3Instance +AWS::EC2::Instance +False +Metadata\n")
        .contains(
            "size 100 GiB -> 300 GiB, iops baseline -> 6000, throughput baseline -> 400" + " MiB/s")
        .doesNotContain("Replacement True");
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    for (String id : List.of(durable.get("Node1Volume"), durable.get("Node3Volume"))) {
      Ec2Api.Volume v = world.sim.ec2().describeVolumes(List.of(id)).get(0);
      assertThat(v.size()).isEqualTo(300);
      assertThat(v.iops()).isEqualTo(6000);
      assertThat(v.throughput()).isEqualTo(400);
    }
    assertThat(grown)
        .hasSize(3)
        .allSatisfy(
            g ->
                assertThat(g.fsBytes())
                    .as("the node's own report of its filesystem")
                    .isGreaterThan(290L << 30));
    assertThat(world.output()).contains("node2: filesystem at ");
    assertThat(world.sim.stacks().getTemplate(NAME)).contains("--size-gib 300");
  }

  @Test
  void growsOnlyTheNodesAskedFor() throws Exception {
    grow(150, null, null, List.of(2));

    assertThat(
            world
                .sim
                .ec2()
                .describeVolumes(
                    durable.values().stream().filter(id -> id.startsWith("vol-")).toList()))
        .extracting(Ec2Api.Volume::size)
        .containsExactlyInAnyOrder(100, 150, 100);
  }

  @Test
  void volumesCannotShrink() {
    assertThat(refused(50, null, null))
        .hasMessageContaining(
            "node1 (" + durable.get("Node1Volume") + "): EBS volumes cannot shrink; it is 100 GiB");
  }

  @Test
  void theVolumeTypesLimitsApply() {
    assertThat(refused(70_000, null, null))
        .hasMessageContaining(": size: gp3 volumes are 1 to 65536 GiB, not 70000");
    assertThat(refused(null, 90_000, null))
        .hasMessageContaining(": iops: gp3 volumes take 3000 to 80000 IOPS, not 90000");
  }

  @Test
  void throughputMayNotExceedAQuarterMiBPerIops() {
    assertThat(refused(null, null, 1000))
        .hasMessageContaining(
            ": throughput: 1000 MiB/s needs at least 4000 IOPS (at most 0.25 MiB/s per IOPS)");
  }

  @Test
  void aModificationStillInProgressRefusesTheNext() throws Exception {
    grow(200, null, null, List.of());

    assertThat(refused(250, null, null))
        .hasMessageContaining("its last modification is still optimizing");
  }

  @Test
  void modificationsAreSpacedSixHoursApartToStayWithinFourADay() throws Exception {
    grow(200, null, null, List.of());
    world.sim.ticker().sleep(Duration.ofHours(3));

    assertThat(refused(250, null, null))
        .hasMessageContaining(
            "EBS allows 4 modifications per"
                + " volume in 24 hours and only the last is visible, so stateful-cluster waits 6 hours"
                + " between them: next from ");

    world.sim.ticker().sleep(Duration.ofHours(3));
    grow(250, null, null, List.of());
    assertThat(world.sim.ec2().describeVolumes(List.of(durable.get("Node1Volume"))).get(0).size())
        .isEqualTo(250);
  }

  @Test
  void noGrowDuringARoll() throws Exception {
    KillingCloud killer = new KillingCloud(world.cloud, api -> api.equals("createChangeSet"), 2);
    catchThrowable(
        () ->
            new Roller(killer, world.polling, world.progress)
                .roll(NAME, RollOptions.to(SimWorld.AMI_NEW)));
    assertThat(world.stack(NAME).parameters()).containsEntry("NodeDown", "node1");

    assertThat(refused(200, null, null))
        .hasMessageContaining("grow-test is in the middle of a roll (node1 is away)");
  }

  @Test
  void nothingToChangeChangesNothing() throws Exception {
    int changeSets = world.calls("CreateChangeSet");

    assertThat(grow(100, null, null, List.of())).isEmpty();

    assertThat(world.calls("CreateChangeSet")).isEqualTo(changeSets);
    assertThat(world.output()).contains("nothing to do");
  }
}
