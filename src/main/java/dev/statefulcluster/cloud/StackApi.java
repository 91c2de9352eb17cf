package dev.statefulcluster.cloud;

import java.util.List;
import java.util.Optional;

/**
 * The CloudFormation calls the operations make. Every method is one AWS call (paginated calls
 * follow their pages); failures are {@link CloudException}s.
 */
public interface StackApi {

  /** DescribeStacks for one name; empty when no such live stack exists (AWS: ValidationError). */
  Optional<Stack> describeStack(String stackName);

  /** GetTemplate (stage Original): the template body the stack was last updated with. */
  String getTemplate(String stackName);

  /** CreateChangeSet; returns the change set's id. */
  String createChangeSet(ChangeSetRequest request);

  /** DescribeChangeSet, all pages. */
  ChangeSet describeChangeSet(String stackName, String changeSetName);

  /** ExecuteChangeSet. */
  void executeChangeSet(String stackName, String changeSetName);

  /** DeleteChangeSet. */
  void deleteChangeSet(String stackName, String changeSetName);

  /** DescribeStackEvents, newest first, following pages until {@code max} events. */
  List<StackEvent> describeStackEvents(String stackName, int max);

  /** ListStackResources, all pages. */
  List<StackResource> listStackResources(String stackName);

  /** SetStackPolicy. */
  void setStackPolicy(String stackName, String policyBody);

  /** GetStackPolicy; empty when the stack has none. */
  Optional<String> getStackPolicy(String stackName);

  /** UpdateTerminationProtection. */
  void setTerminationProtection(String stackName, boolean enabled);

  /** DeleteStack. */
  void deleteStack(String stackName);

  /**
   * ContinueUpdateRollback, for a stack in UPDATE_ROLLBACK_FAILED; {@code resourcesToSkip} are
   * logical ids CloudFormation should mark rolled back without touching (a volume that cannot
   * shrink back, for instance).
   */
  void continueUpdateRollback(String stackName, List<String> resourcesToSkip);
}
