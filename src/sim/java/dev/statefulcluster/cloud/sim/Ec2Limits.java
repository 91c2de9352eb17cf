package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.CloudException;

/**
 * EC2's per-request limits on what the port's calls send (docs/aws-facts.md, "Per-call limits"),
 * refused with the code and message EC2 answers. Each port call of the model is one EC2 request, so
 * a caller that needs more than a limit must split its call (ops.ChunkedEc2 does).
 */
final class Ec2Limits {
  /** DescribeInstanceStatus: "Constraints: Maximum 100 explicitly specified instance IDs." */
  static final int INSTANCE_STATUS_IDS = 100;

  /** Filter values over all filters of one request (the FilterLimitExceeded message). */
  static final int FILTER_VALUES = 200;

  /** CreateTags: "Constraints: Up to 1000 resource IDs." */
  static final int TAG_RESOURCES = 1000;

  private Ec2Limits() {}

  /** EC2's answer, typo included ("specificied"), as public traces of the error show it. */
  static void instanceStatusIds(int ids) {
    if (ids > INSTANCE_STATUS_IDS) {
      throw new CloudException(
          "InvalidRequest",
          ids
              + " exceeds the maximum number of instance IDs that can be specificied ("
              + INSTANCE_STATUS_IDS
              + "). Please specify fewer than "
              + INSTANCE_STATUS_IDS
              + " instance IDs.",
          false);
    }
  }

  static void filterValues(int values) {
    if (values > FILTER_VALUES) {
      throw new CloudException(
          "FilterLimitExceeded",
          "The maximum number of filter values specified on a single call is " + FILTER_VALUES,
          false);
    }
  }

  /** The code is EC2's for a request naming too many resources; the message is RunInstances'. */
  static void tagResources(int resources) {
    if (resources > TAG_RESOURCES) {
      throw new CloudException(
          "ResourceCountExceeded",
          "You have exceeded the number of resources allowed in a single call of this type",
          false);
    }
  }
}
