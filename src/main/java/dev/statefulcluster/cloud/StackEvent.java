package dev.statefulcluster.cloud;

import java.time.Instant;

/**
 * One line of a stack's event history. {@code logicalId} equals the stack name for stack events.
 */
public record StackEvent(
    String eventId,
    String stackName,
    String logicalId,
    String physicalId,
    String resourceType,
    Instant timestamp,
    String status,
    String reason) {

  public boolean isStackEvent() {
    return "AWS::CloudFormation::Stack".equals(resourceType) && stackName.equals(logicalId);
  }
}
