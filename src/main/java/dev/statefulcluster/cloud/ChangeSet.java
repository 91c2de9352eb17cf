package dev.statefulcluster.cloud;

import java.util.List;
import java.util.Map;

/**
 * DescribeChangeSet's answer. {@code status} is CREATE_PENDING, CREATE_IN_PROGRESS,
 * CREATE_COMPLETE, DELETE_COMPLETE or FAILED; {@code executionStatus} is UNAVAILABLE, AVAILABLE,
 * EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, EXECUTE_FAILED or OBSOLETE.
 *
 * <p>Made with IncludeNestedStacks, a change set has a nested change set per nested stack: the
 * change of each AWS::CloudFormation::Stack resource names it ({@link ResourceChange#changeSetId}),
 * and each nested change set names its parent and the root ({@code parentChangeSetId}, {@code
 * rootChangeSetId}; both null on the root). Only the root can be executed or deleted.
 */
public record ChangeSet(
    String id,
    String name,
    String stackName,
    String status,
    String statusReason,
    String executionStatus,
    Map<String, String> parameters,
    List<ResourceChange> changes,
    boolean includeNestedStacks,
    String parentChangeSetId,
    String rootChangeSetId) {

  public ChangeSet {
    parameters = Map.copyOf(parameters);
    changes = List.copyOf(changes);
  }

  /** A change set without nested change sets. */
  public ChangeSet(
      String id,
      String name,
      String stackName,
      String status,
      String statusReason,
      String executionStatus,
      Map<String, String> parameters,
      List<ResourceChange> changes) {
    this(
        id,
        name,
        stackName,
        status,
        statusReason,
        executionStatus,
        parameters,
        changes,
        false,
        null,
        null);
  }

  /** The ids of the nested change sets this one names, one per nested stack it changes. */
  public List<String> nestedChangeSetIds() {
    return changes.stream()
        .map(ResourceChange::changeSetId)
        .filter(id -> id != null && !id.isEmpty())
        .toList();
  }

  /** A nested change set: part of a root change set's hierarchy, executed only through it. */
  public boolean nested() {
    return parentChangeSetId != null;
  }

  public boolean pending() {
    return status.equals("CREATE_PENDING") || status.equals("CREATE_IN_PROGRESS");
  }

  public boolean failed() {
    return status.equals("FAILED");
  }

  /**
   * A change set that failed only because the template and parameters change nothing. AWS reports
   * it as FAILED with this reason (two wordings are in use).
   */
  public boolean empty() {
    return failed()
        && statusReason != null
        && (statusReason.contains("didn't contain changes")
            || statusReason.contains("No updates are to be performed"));
  }
}
