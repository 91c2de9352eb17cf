package dev.statefulcluster.cloud;

/**
 * Who the credentials belong to (STS GetCallerIdentity): the account, and the caller's ARN, whose
 * partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}…) the ARNs of a bucket policy take.
 */
public record CallerIdentity(String account, String arn) {

  /** The ARN's partition: {@code arn:PARTITION:service:…}. */
  public String partition() {
    String[] parts = arn.split(":", 3);
    if (parts.length < 3 || !parts[0].equals("arn") || parts[1].isEmpty()) {
      throw new IllegalStateException("not an ARN: " + arn);
    }
    return parts[1];
  }
}
