package dev.statefulcluster.cloud;

import java.time.Instant;
import java.util.Map;

/**
 * A stack as DescribeStacks reports it. Maps keep AWS's order. {@code parentId} and {@code rootId}
 * are the stack ids of a nested stack's direct parent and of the top-level stack of its hierarchy;
 * both are null for a stack that is not nested.
 */
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
    Instant lastUpdated,
    String parentId,
    String rootId) {

  public Stack {
    parameters = Map.copyOf(parameters);
    outputs = Map.copyOf(outputs);
    tags = Map.copyOf(tags);
  }

  /** A stack that is not nested. */
  public Stack(
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
    this(
        id,
        name,
        status,
        statusReason,
        parameters,
        outputs,
        tags,
        terminationProtection,
        created,
        lastUpdated,
        null,
        null);
  }

  /** A nested stack: one created by an AWS::CloudFormation::Stack resource of another. */
  public boolean nested() {
    return parentId != null;
  }
}
