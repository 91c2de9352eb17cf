package dev.statefulcluster.cloud;

import java.util.Set;

/**
 * A failed AWS call, reduced to what callers act on: the AWS error code (for example {@code
 * ValidationError}, {@code Throttling}, {@code InvalidAMIID.NotFound}), the service's message, and
 * whether trying again later can succeed.
 */
public class CloudException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final boolean retryable;

  public CloudException(String code, String message, boolean retryable) {
    this(code, message, retryable, null);
  }

  public CloudException(String code, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
  }

  /** The AWS error code, or a code of ours for failures below the API (see {@link #CONNECTION}). */
  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }

  public boolean isThrottling() {
    return THROTTLING_CODES.contains(code);
  }

  /** The endpoint could not be reached (wrong region or endpoint URL, no network). */
  public static final String CONNECTION = "ConnectionFailure";

  /** No usable credentials were found, or AWS rejected them. */
  public static final String CREDENTIALS = "CredentialsFailure";

  private static final Set<String> THROTTLING_CODES =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "RequestThrottled");

  public static CloudException throttling(String message) {
    return new CloudException("Throttling", message, true);
  }

  public static CloudException validation(String message) {
    return new CloudException("ValidationError", message, false);
  }

  @Override
  public String toString() {
    return code + ": " + getMessage();
  }
}
