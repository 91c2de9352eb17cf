package dev.statefulcluster.cloud.aws;

import dev.statefulcluster.cloud.CloudException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns every SDK exception into a {@link CloudException} whose message is one line a user can act
 * on: AWS's own code and message for service errors, the endpoint and region for connection
 * failures, the credential source and the fix for credential failures.
 */
final class AwsErrors {

  /** Codes with which AWS rejects the caller's credentials rather than the request. */
  static final Set<String> REJECTED_CREDENTIALS =
      Set.of(
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "ExpiredTokenException",
          "UnrecognizedClientException",
          "AuthFailure",
          "InvalidAccessKeyId");

  private final String service;
  private final Supplier<String> endpoint;
  private final boolean endpointOverridden;
  private final String region;
  private final CredentialSource credentials;

  /**
   * @param service the service as messages name it: CloudFormation, EC2, S3
   */
  AwsErrors(
      String service,
      Supplier<String> endpoint,
      boolean endpointOverridden,
      String region,
      CredentialSource credentials) {
    this.service = service;
    this.endpoint = endpoint;
    this.endpointOverridden = endpointOverridden;
    this.region = region;
    this.credentials = credentials;
  }

  /**
   * Runs one SDK call (or a whole paginated walk), converting what the SDK throws. Keep mapping to
   * our records outside: only SDK failures belong in a CloudException.
   */
  <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw convert(e);
    }
  }

  void run(Runnable call) {
    call(
        () -> {
          call.run();
          return null;
        });
  }

  CloudException convert(SdkException e) {
    if (e instanceof AwsServiceException answer) {
      return service(AwsClients.CallName.of(e), answer);
    }
    if (find(e, CredentialSource.Missing.class) != null) {
      // The places looked, in our words: the SDK's own text lists its provider classes and what
      // each of them missed, about 900 characters that say no more.
      return new CloudException(
          CloudException.CREDENTIALS,
          "no AWS credentials found in "
              + credentials.description()
              + "; run 'aws configure' (or 'aws sso login'), set AWS_PROFILE or pass --profile",
          false,
          e);
    }
    IOException io = find(e, IOException.class);
    if (io != null) {
      return connection(io, e);
    }
    return new CloudException("ClientError", "AWS SDK: " + firstLine(e.getMessage()), false, e);
  }

  private CloudException service(String operation, AwsServiceException e) {
    var details = e.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    String message = details == null ? null : details.errorMessage();
    if ((code == null || code.isBlank()) && e.statusCode() == 401) {
      // EC2 answers AuthFailure with 401, and the JDK's HttpURLConnection drops the body of a 401
      // to a request it streamed, so the code never arrives: 401 itself says it.
      return rejected("HTTP 401 Unauthorized", e);
    }
    if (code == null || code.isBlank()) {
      // No AWS error in the body: a proxy, a load balancer or not an AWS endpoint at all.
      code = "HTTP" + e.statusCode();
      message = "HTTP " + e.statusCode() + " from " + endpoint.get() + " with no AWS error code";
    } else if (message == null || message.isBlank()) {
      message = code;
    }
    if (REJECTED_CREDENTIALS.contains(code)) {
      return rejected(code + ": " + firstLine(message), e);
    }
    // Throttling and server errors clear up when tried again later (the SDK already tried a
    // server error again, the operations retry throttling).
    String call = operation == null ? service : service + " " + operation;
    return new CloudException(
        code, call + ": " + firstLine(message), throttled(e) || e.statusCode() >= 500, e);
  }

  /** Throttling by the SDK's list of codes and ours. */
  static boolean throttled(AwsServiceException e) {
    var details = e.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    return e.isThrottlingException()
        || (code != null && new CloudException(code, "", false).isThrottling());
  }

  private CloudException rejected(String why, AwsServiceException e) {
    return new CloudException(
        CloudException.CREDENTIALS,
        "AWS rejected the credentials from "
            + credentials.description()
            + ": "
            + why
            + "; check or renew them ('aws configure', 'aws sso login') or pass another --profile",
        false,
        e);
  }

  private CloudException connection(IOException io, SdkException e) {
    String why;
    boolean retryable = false;
    if (io instanceof UnknownHostException) {
      why = "unknown host";
    } else if (io instanceof ConnectException) {
      why = "connection refused";
    } else if (io instanceof SocketTimeoutException) {
      why = "timed out";
      retryable = true;
    } else if (io instanceof SSLException) {
      why = "TLS failed (" + firstLine(io.getMessage()) + ")";
    } else {
      why = firstLine(String.valueOf(io.getMessage()));
      retryable = true;
    }
    String where =
        endpointOverridden
            ? endpoint.get() + " (--endpoint-url, region " + region + ")"
            : endpoint.get();
    String fix = endpointOverridden ? "check --endpoint-url" : "check --region or --endpoint-url";
    return new CloudException(
        CloudException.CONNECTION, "cannot reach " + where + ": " + why + "; " + fix, retryable, e);
  }

  static <X extends Throwable> X find(Throwable e, Class<X> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }
}
