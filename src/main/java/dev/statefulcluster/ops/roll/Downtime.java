package dev.statefulcluster.ops.roll;

import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long each node was without an instance during a roll, from the stack's own events: from its
 * instance's DELETE_IN_PROGRESS to its new instance's CREATE_COMPLETE, which may fall in the next
 * update.
 */
public final class Downtime {
  private final Map<Integer, Instant> wentDown = new HashMap<>();
  private final Map<Integer, Duration> total = new TreeMap<>();

  public void record(List<StackEvent> events) {
    for (StackEvent e : events) {
      if (!ClusterLayout.isInstance(e.logicalId())) {
        continue;
      }
      int n = ClusterLayout.nodeOf(e.logicalId());
      if (e.status().equals("DELETE_IN_PROGRESS")) {
        wentDown.putIfAbsent(n, e.timestamp());
      } else if (e.status().equals("CREATE_COMPLETE") && wentDown.containsKey(n)) {
        total.merge(n, Duration.between(wentDown.remove(n), e.timestamp()), Duration::plus);
      }
    }
  }

  public Map<Integer, Duration> total() {
    return Collections.unmodifiableMap(new TreeMap<>(total));
  }
}
