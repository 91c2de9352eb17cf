package dev.statefulcluster.cloud;

import dev.statefulcluster.cloud.BucketSettings.ExpirationRule;
import dev.statefulcluster.cloud.BucketSettings.PublicAccessBlock;
import java.util.List;

/**
 * S3, where templates too large to send inline (over 51,200 bytes) are put for CloudFormation to
 * read, and the calls that create and secure a bucket for them. {@code expectedOwner} (an account
 * id, or null for none) makes S3 refuse with 403 a bucket another account owns: a bucket name is
 * global, so anyone can create one whose name another account expects to be its own.
 */
public interface TemplateStore {
  /** PutObject. Returns the object's URL, to pass as TemplateURL. */
  String put(String bucket, String expectedOwner, String key, String templateBody);

  /** HeadBucket. */
  BucketHead headBucket(String bucket, String expectedOwner);

  /**
   * CreateBucket in {@code region}. Fails with {@code BucketAlreadyOwnedByYou} when the caller owns
   * it already (in us-east-1 S3 answers that with success), {@code BucketAlreadyExists} when
   * another account does.
   */
  void createBucket(String bucket, String region);

  /** PutBucketEncryption: the default encryption of new objects ({@link BucketSettings#SSE_S3}). */
  void putBucketEncryption(String bucket, String expectedOwner, String algorithm);

  /** PutPublicAccessBlock. */
  void putPublicAccessBlock(String bucket, String expectedOwner, PublicAccessBlock block);

  /** PutBucketOwnershipControls. */
  void putBucketOwnershipControls(String bucket, String expectedOwner, String objectOwnership);

  /** PutBucketPolicy: {@code policy} is the policy document (JSON). */
  void putBucketPolicy(String bucket, String expectedOwner, String policy);

  /** PutBucketLifecycleConfiguration: replaces every rule the bucket had. */
  void putBucketLifecycle(String bucket, String expectedOwner, List<ExpirationRule> rules);

  /** GetBucketLifecycleConfiguration: the expiration rules, empty when the bucket has none. */
  List<ExpirationRule> bucketLifecycle(String bucket, String expectedOwner);
}
