package dev.statefulcluster.cloud.sim;

import java.util.List;

/** The values of the pseudo parameters for one stack. */
record StackIdentity(
    String stackName, String stackId, String region, String accountId, List<String> azs) {
  StackIdentity {
    azs = List.copyOf(azs);
  }
}
