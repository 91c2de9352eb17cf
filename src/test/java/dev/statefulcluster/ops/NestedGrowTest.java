package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * grow of a cluster over several stacks: each nodes child's template rewritten and uploaded, one
 * parent update with the nested stacks included, every volume modified in place.
 */
class NestedGrowTest {
  static final String NAME = "wide";
  static final int NODES = 100;
  final SimWorld world = new SimWorld();

  private Map<String, String> childIds() {
    Map<String, String> ids = new TreeMap<>();
    for (StackResource r : world.sim.stacks().listStackResources(NAME)) {
      if (r.nestedStack()) {
        ids.putAll(world.physicalIds(r.physicalId()));
      }
    }
    return ids;
  }

  private List<String> nodesChildren() {
    List<String> out = new ArrayList<>();
    for (StackResource r : world.sim.stacks().listStackResources(NAME)) {
      if (r.nestedStack() && r.logicalId().startsWith("Nodes")) {
        out.add(r.physicalId());
      }
    }
    return out;
  }

  private List<Grower.Grown> grow(Integer size, List<Integer> nodes) throws Exception {
    return new Grower(world.cloud, world.polling, world.progress)
        .grow(NAME, new Grower.Options(size, null, null, nodes, null, Duration.ofMinutes(20)));
  }

  @Test
  void aHundredNodesGrowInPlaceInOneParentUpdateAndEachNodeGrowsItsFilesystem() throws Exception {
    world.deploy(SimWorld.counted(NAME, NODES, ""));
    Map<String, String> before = childIds();
    Map<String, Integer> calls = new HashMap<>(world.sim.calls());

    List<Grower.Grown> grown = grow(300, List.of());
    Map<String, Integer> made = new TreeMap<>();
    world.sim.calls().forEach((api, k) -> made.put(api, k - calls.getOrDefault(api, 0)));

    assertThat(grown).hasSize(NODES);
    assertThat(grown)
        .allSatisfy(
            g ->
                assertThat(g.fsBytes())
                    .as("node%d's own report of its filesystem", g.change().node())
                    .isGreaterThan(290L << 30));
    Map<String, String> after = childIds();
    for (int n = 1; n <= NODES; n++) {
      for (String kind : List.of("Volume", "Eni")) {
        assertThat(after.get("Node" + n + kind)).isEqualTo(before.get("Node" + n + kind));
      }
      Ec2Api.Volume v =
          world.sim.ec2().describeVolumes(List.of(after.get("Node" + n + "Volume"))).get(0);
      assertThat(v.size()).as("node%d", n).isEqualTo(300);
    }
    for (String child : nodesChildren()) {
      assertThat(world.sim.stacks().getTemplate(child))
          .contains("--size-gib 300")
          .doesNotContain("--size-gib 100");
    }
    assertThat(world.output())
        .containsPattern("Modify +Node1Volume +AWS::EC2::Volume +False +Properties: Size")
        .doesNotContain("Replacement True");
    // One parent update with its nested change sets; per child of nodes its resources and
    // template read once, each changed child's template uploaded once; EBS read in one call.
    assertThat(made)
        .containsEntry("CreateChangeSet", 1)
        .containsEntry("ExecuteChangeSet", 1)
        .containsEntry("GetTemplate", 1 + 3)
        .containsEntry("ListStackResources", 1 + 3)
        .containsEntry("DescribeVolumes", 1);
    assertThat(made.get("PutObject")).isBetween(3, 4);
  }

  @Test
  void growsOnlyTheNodesAskedForAndLeavesTheOtherChildrenAlone() throws Exception {
    world.deploy(SimWorld.counted(NAME, NODES, ""));
    List<String> children = nodesChildren();
    String last = world.sim.stacks().getTemplate(children.get(2));

    grow(150, List.of(2, 40));

    Map<String, String> ids = childIds();
    for (int n = 1; n <= NODES; n++) {
      assertThat(
              world
                  .sim
                  .ec2()
                  .describeVolumes(List.of(ids.get("Node" + n + "Volume")))
                  .get(0)
                  .size())
          .as("node%d", n)
          .isEqualTo(n == 2 || n == 40 ? 150 : 100);
    }
    assertThat(world.sim.stacks().getTemplate(children.get(2))).isEqualTo(last);
  }

  /** Killed at any of grow's steps and run again: it finishes, every volume and ENI kept. */
  @ParameterizedTest
  @CsvSource({
    "put, 2",
    "setStackPolicy, 2",
    "createChangeSet, 1",
    "describeChangeSet, 3",
    "executeChangeSet, 1",
    "describeStackEvents, 2",
    "describeVolumesModifications, 2",
    "getConsoleOutput, 150"
  })
  void killedAndRunAgainFinishesTheGrow(String api, int nth) throws Exception {
    world.deploy(SimWorld.counted(NAME, NODES, ""));
    Map<String, String> before = childIds();
    KillingCloud killing = new KillingCloud(world.cloud, api::equals, nth);
    assertThat(
            catchThrowable(
                () ->
                    new Grower(killing, world.polling, world.progress)
                        .grow(
                            NAME,
                            new Grower.Options(
                                300, null, null, List.of(), null, Duration.ofMinutes(20)))))
        .isInstanceOf(KillingCloud.Killed.class);
    world.sim.ticker().sleep(Duration.ofMinutes(1));

    grow(300, List.of());

    Map<String, String> after = childIds();
    for (int n = 1; n <= NODES; n++) {
      for (String kind : List.of("Volume", "Eni")) {
        assertThat(after.get("Node" + n + kind)).isEqualTo(before.get("Node" + n + kind));
      }
      assertThat(
              world
                  .sim
                  .ec2()
                  .describeVolumes(List.of(after.get("Node" + n + "Volume")))
                  .get(0)
                  .size())
          .as("node%d", n)
          .isEqualTo(300);
    }
    for (String child : nodesChildren()) {
      assertThat(world.sim.stacks().getTemplate(child)).contains("--size-gib 300");
    }
  }
}
