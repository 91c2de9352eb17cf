package dev.statefulcluster.cloud;

/** The values of the bucket settings {@link TemplateStore} puts, as S3 takes them. */
public final class BucketSettings {
  private BucketSettings() {}

  /** Default encryption: SSE-S3 ({@code AES256}) or SSE-KMS ({@code aws:kms}). */
  public static final String SSE_S3 = "AES256";

  /** ACLs off: the bucket owner owns every object, whoever wrote it. */
  public static final String BUCKET_OWNER_ENFORCED = "BucketOwnerEnforced";

  /** PutPublicAccessBlock's four switches. */
  public record PublicAccessBlock(
      boolean blockPublicAcls,
      boolean ignorePublicAcls,
      boolean blockPublicPolicy,
      boolean restrictPublicBuckets) {

    public static final PublicAccessBlock ALL = new PublicAccessBlock(true, true, true, true);

    public boolean all() {
      return blockPublicAcls && ignorePublicAcls && blockPublicPolicy && restrictPublicBuckets;
    }
  }

  /** A lifecycle rule that expires the objects under {@code prefix} {@code days} after upload. */
  public record ExpirationRule(String id, String prefix, int days) {}
}
