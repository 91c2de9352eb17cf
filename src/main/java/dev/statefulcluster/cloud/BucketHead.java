package dev.statefulcluster.cloud;

/**
 * What HeadBucket says of a bucket name, asked with the account expected to own it.
 *
 * @param region the bucket's region when {@link Status#OWNED}, else null
 */
public record BucketHead(Status status, String region) {
  public enum Status {
    /** No bucket of that name exists anywhere (404). */
    NOT_FOUND,
    /** It exists and belongs to the expected account. */
    OWNED,
    /**
     * 403: it belongs to another account, or the caller may not read it (HeadBucket needs {@code
     * s3:ListBucket}); S3 does not say which.
     */
    FORBIDDEN
  }

  public static BucketHead notFound() {
    return new BucketHead(Status.NOT_FOUND, null);
  }

  public static BucketHead owned(String region) {
    return new BucketHead(Status.OWNED, region);
  }

  public static BucketHead forbidden() {
    return new BucketHead(Status.FORBIDDEN, null);
  }
}
