package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** The two CloudFormation calls a node makes: cfn-signal, and cfn-hup's DescribeStackResource. */
interface CfnEndpoint {
  /**
   * SignalResource; ignored when the resource is not waiting for a signal, as cfn-signal's error
   * would be.
   */
  void signalResource(String stackName, String logicalId, String uniqueId, boolean success);

  /** The resource's LastUpdatedTimestamp, which cfn-hup compares between polls. */
  Optional<Instant> lastUpdated(String stackName, String logicalId);

  /**
   * Whether the resource is in a {@code *_IN_PROGRESS} state, which cfn-hup skips: its hook fires
   * only once the resource left it (aws-cfn-bootstrap update_hooks.py; docs/aws-facts.md, "Checked
   * again: cfn-hup").
   */
  boolean inProgress(String stackName, String logicalId);

  /**
   * The resource's metadata as DescribeStackResource returns it (intrinsics resolved), what
   * cfn-init reads and what cfn-hup compares for a path below {@code Metadata}.
   */
  Optional<JsonNode> metadata(String stackName, String logicalId);
}
