package dev.statefulcluster.cloud;

import java.time.Instant;
import java.util.Map;

/** A stack as DescribeStacks reports it. Maps keep AWS's order. */
public record Stack(
    String id,
    String name,
    StackStatus status,
    String statusReason,
    Map<String, String> parameters,
    Map<String, String> outputs,
    Map<String, String> tags,
    boolean terminationProtection,
    Instant created,
    Instant lastUpdated) {

  public Stack {
    parameters = Map.copyOf(parameters);
    outputs = Map.copyOf(outputs);
    tags = Map.copyOf(tags);
  }
}
