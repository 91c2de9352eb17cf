package dev.statefulcluster.cloud.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A credentials provider together with a description of where it looks ("profile 'prod'
 * (--profile)"), so that an error can tell the user which credentials were missing or rejected. A
 * failure to find credentials is marked with {@link Missing} in the cause chain: the SDK reports it
 * as a plain {@link SdkClientException}, like a network failure.
 */
record CredentialSource(AwsCredentialsProvider provider, String description)
    implements AwsCredentialsProvider {

  @Override
  public AwsCredentials resolveCredentials() {
    try {
      return provider.resolveCredentials();
    } catch (RuntimeException e) {
      throw SdkClientException.builder()
          .message("no AWS credentials from " + description + ": " + e.getMessage())
          .cause(new Missing(e))
          .build();
    }
  }

  /** Marks "no credentials found" in an SDK exception's cause chain. */
  static final class Missing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Missing(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
