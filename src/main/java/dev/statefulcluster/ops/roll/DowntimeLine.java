package dev.statefulcluster.ops.roll;

import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Each node's time out of service, as one line whatever the cluster's size. */
public final class DowntimeLine {
  /** Nodes listed one by one up to this many; more are summed up (a zone roll of 1,000 nodes). */
  static final int LISTED = 12;

  private DowntimeLine() {}

  /**
   * Every node when they are few, else the range, the median and the node that was down longest.
   */
  public static String of(Map<Integer, Duration> down) {
    if (down.size() <= LISTED) {
      StringBuilder out = new StringBuilder();
      for (Map.Entry<Integer, Duration> e : down.entrySet()) {
        out.append(out.length() == 0 ? "" : ", ")
            .append(ClusterLayout.nodeName(e.getKey()))
            .append(' ')
            .append(e.getValue().toSeconds())
            .append('s');
      }
      return out.toString();
    }
    List<Map.Entry<Integer, Duration>> sorted = new ArrayList<>(down.entrySet());
    sorted.sort(Map.Entry.comparingByValue());
    Map.Entry<Integer, Duration> longest = sorted.get(sorted.size() - 1);
    return "%ds to %ds, median %ds, over %d nodes; longest %s"
        .formatted(
            sorted.get(0).getValue().toSeconds(),
            longest.getValue().toSeconds(),
            sorted.get((sorted.size() - 1) / 2).getValue().toSeconds(),
            sorted.size(),
            ClusterLayout.nodeName(longest.getKey()));
  }
}
