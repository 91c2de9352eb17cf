package dev.statefulcluster.cloud;

import java.time.Instant;

/**
 * A resource of a stack as ListStackResources reports it. For a nested stack (type {@link
 * #NESTED_STACK}) the physical id is the child stack's id (its ARN), which every stack call takes
 * in place of a name.
 */
public record StackResource(
    String logicalId,
    String physicalId,
    String resourceType,
    String status,
    String reason,
    Instant lastUpdated) {

  public static final String NESTED_STACK = "AWS::CloudFormation::Stack";

  public boolean nestedStack() {
    return NESTED_STACK.equals(resourceType);
  }
}
