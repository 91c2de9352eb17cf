package dev.statefulcluster.cloud.aws;

import dev.statefulcluster.cloud.CallerIdentity;
import dev.statefulcluster.cloud.IdentityApi;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** {@link IdentityApi} on STS: GetCallerIdentity (Query protocol). */
final class AwsIdentityApi implements IdentityApi {

  private final Supplier<StsClient> sts;
  private final AwsErrors errors;

  AwsIdentityApi(Supplier<StsClient> sts, AwsErrors errors) {
    this.sts = sts;
    this.errors = errors;
  }

  @Override
  public CallerIdentity callerIdentity() {
    GetCallerIdentityResponse r = errors.call(() -> sts.get().getCallerIdentity());
    return new CallerIdentity(r.account(), r.arn());
  }
}
