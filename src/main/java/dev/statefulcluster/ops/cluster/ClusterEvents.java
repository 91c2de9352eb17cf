package dev.statefulcluster.ops.cluster;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.StackEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A stack's recent events, read a page at a time rather than its whole history. */
final class ClusterEvents {
  private ClusterEvents() {}

  /**
   * A stack's events from {@code since} on, newest pages first: {@code guess} events are asked for,
   * and twice as many again while every one of them is that recent (so a step's events take one
   * page, not the stack's whole history). A failed read gives what was read.
   */
  static List<StackEvent> since(Cloud cloud, String stackId, Instant since, int guess) {
    List<StackEvent> out = new ArrayList<>();
    try {
      for (int max = Math.max(guess, 1); ; max *= 2) {
        List<StackEvent> page = cloud.stacks().describeStackEvents(stackId, max);
        boolean older = page.stream().anyMatch(e -> e.timestamp().isBefore(since));
        if (older || page.size() < max) {
          page.stream().filter(e -> !e.timestamp().isBefore(since)).forEach(out::add);
          return out;
        }
      }
    } catch (CloudException e) {
      return out;
    }
  }
}
