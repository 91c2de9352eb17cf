package dev.statefulcluster.ops.roll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The line a roll ends with: every node's time away while they are few, a summary beyond. */
class DowntimeLineTest {
  private static Map<Integer, Duration> nodes(int count) {
    Map<Integer, Duration> down = new TreeMap<>();
    for (int n = 1; n <= count; n++) {
      // node 5 the longest; the others 100 s plus their number
      down.put(n, Duration.ofSeconds(n == 5 ? 400 : 100 + n));
    }
    return down;
  }

  @Test
  void twelveNodesAreListedOneByOne() {
    assertThat(DowntimeLine.of(nodes(12)))
        .startsWith("node1 101s, node2 102s, node3 103s, node4 104s, node5 400s, node6 106s")
        .endsWith("node12 112s");
  }

  @Test
  void moreAreSummedUpWithTheLongestNamed() {
    // 13 nodes: 101..113 without 105, and 400; sorted, the 7th is 108.
    assertThat(DowntimeLine.of(nodes(13)))
        .isEqualTo("101s to 400s, median 108s, over 13 nodes; longest node5");
  }
}
