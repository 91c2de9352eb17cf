package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.ops.roll.RollPlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a step names what it takes away: a node, a zone with its nodes, a large zone summed up. */
class RollPlanGroupTest {
  private static List<Integer> everyThird(int count) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(1 + 3 * i);
    }
    return out;
  }

  @Test
  void aNodeIsItsNameAndASmallZoneListsItsNodes() {
    assertThat(new RollPlan.Step(2, "ami-1", 0).describe()).isEqualTo("node2 up on ami-1");
    assertThat(RollPlan.Group.zone("eu-west-1a", everyThird(8)).describe())
        .isEqualTo("eu-west-1a (node1, node4, node7, node10, node13, node16, node19, node22)");
  }

  @Test
  void aLargeZoneNamesItsFirstNodesItsLastAndHowMany() {
    assertThat(RollPlan.Group.zone("eu-west-1a", everyThird(334)).describe())
        .isEqualTo("eu-west-1a (node1, node4, node7, … node1000; 334 nodes)");
  }
}
