package dev.statefulcluster.cloud;

import java.util.List;
import java.util.Map;

/**
 * DescribeChangeSet's answer. {@code status} is CREATE_PENDING, CREATE_IN_PROGRESS,
 * CREATE_COMPLETE, DELETE_COMPLETE or FAILED; {@code executionStatus} is UNAVAILABLE, AVAILABLE,
 * EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, EXECUTE_FAILED or OBSOLETE.
 */
public record ChangeSet(
    String id,
    String name,
    String stackName,
    String status,
    String statusReason,
    String executionStatus,
    Map<String, String> parameters,
    List<ResourceChange> changes) {

  public ChangeSet {
    parameters = Map.copyOf(parameters);
    changes = List.copyOf(changes);
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
