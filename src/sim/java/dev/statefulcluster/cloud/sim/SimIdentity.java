package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.CallerIdentity;
import dev.statefulcluster.cloud.IdentityApi;

/** The model's STS: the credentials are an IAM user's of the model's one account. */
public final class SimIdentity implements IdentityApi {
  private final ApiGate gate;
  private final CallerIdentity identity;

  SimIdentity(ApiGate gate, String accountId, String region) {
    this.gate = gate;
    this.identity =
        new CallerIdentity(
            accountId, "arn:" + partition(region) + ":iam::" + accountId + ":user/ops");
  }

  /** The partition a region belongs to, as ARNs name it. */
  static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    return "aws";
  }

  @Override
  public CallerIdentity callerIdentity() {
    return gate.call("GetCallerIdentity", () -> identity);
  }
}
