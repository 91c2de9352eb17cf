package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import java.util.List;

/** A cluster as status shows it: the stack, each node, the last events. */
public record ClusterStatus(
    String name,
    StackStatus stackStatus,
    String statusReason,
    String nodeDown,
    List<NodeStatus> nodes,
    List<StackEvent> events) {
  public ClusterStatus {
    nodes = List.copyOf(nodes);
    events = List.copyOf(events);
  }
}
