package dev.statefulcluster.ops.stack;

import dev.statefulcluster.cloud.BucketHead;
import dev.statefulcluster.cloud.BucketSettings;
import dev.statefulcluster.cloud.BucketSettings.ExpirationRule;
import dev.statefulcluster.cloud.BucketSettings.PublicAccessBlock;
import dev.statefulcluster.cloud.CallerIdentity;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.TemplateStore;
import dev.statefulcluster.ops.core.Digest;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Progress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tool's own S3 bucket for templates over the inline limit, used when no {@code --s3-bucket} is
 * given: one per account and region, named after both, created on first use with default
 * encryption, all public access blocked, ACLs off, a policy that denies requests not over TLS, and
 * a rule that expires the tool's template objects.
 *
 * <p>Safe to run again after dying half-way: the settings are put in a fixed order with the
 * lifecycle rule last, so a bucket that has the rule has them all; one without it (created, then
 * the tool was killed) gets them all again. Every call names the account expected to own the
 * bucket: the name is predictable, and a bucket another account created under it first must never
 * receive a template.
 */
public final class TemplateBucket {
  public static final String NAME_PREFIX = "stateful-cluster-templates-";

  /** Where the tool's objects go in any bucket; the lifecycle rule is scoped to it. */
  public static final String KEY_PREFIX = "stateful-cluster/";

  /**
   * CloudFormation reads a template when the change set is created and keeps its own copy, so an
   * object is needed for minutes; a month leaves time to look at what was sent.
   */
  static final int EXPIRATION_DAYS = 30;

  public static final ExpirationRule EXPIRATION =
      new ExpirationRule("stateful-cluster-expire-templates", KEY_PREFIX, EXPIRATION_DAYS);

  /** S3's rules for a general purpose bucket's name, as far as a derived name can break them. */
  private static final Pattern VALID_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

  private static final Pattern PARTITION = Pattern.compile("aws(-[a-z]+)*");

  /** Where templates go and whose bucket it must be (null: the user's own, not checked). */
  public record Target(String bucket, String expectedOwner) {}

  private TemplateBucket() {}

  /** {@code stateful-cluster-templates-ACCOUNT-REGION}: at most 59 characters in any region. */
  public static String name(String account, String region) {
    return NAME_PREFIX + account + "-" + region;
  }

  /**
   * Uploads a template for {@code stack} and returns its URL. Named by content: the same template
   * uploaded again is the same object (and its expiry is renewed: a parent's every update reads
   * each child's template again). A bucket that does not exist is named, with the fix.
   */
  public static String upload(Cloud cloud, Target target, String stack, String body) {
    String key = KEY_PREFIX + stack + "/" + Digest.sha256(body) + ".json";
    try {
      return cloud.templates().put(target.bucket(), target.expectedOwner(), key, body);
    } catch (CloudException e) {
      if (!"NoSuchBucket".equals(e.code())) {
        throw e;
      }
      throw OpsException.badOption(
          "S3 bucket "
              + target.bucket()
              + " does not exist: create it in this region, or leave out --s3-bucket for the"
              + " tool's own");
    }
  }

  /** {@code given} (the user's {@code --s3-bucket}) when set, else the managed bucket. */
  public static Target resolve(Cloud cloud, Progress progress, String given) {
    return given != null ? new Target(given, null) : ensure(cloud, progress);
  }

  /** The bucket, created or completed if need be; says so in one line when it did. */
  public static Target ensure(Cloud cloud, Progress progress) {
    CallerIdentity identity = cloud.identity().callerIdentity();
    String account = identity.account();
    String region = cloud.region();
    String bucket = name(account, region);
    if (!VALID_NAME.matcher(bucket).matches()) {
      throw OpsException.refused(
          "cannot name a template bucket for account "
              + account
              + " in region "
              + region
              + " ("
              + bucket
              + " is not a valid S3 bucket name); pass --s3-bucket BUCKET");
    }
    TemplateStore s3 = cloud.templates();
    BucketHead head = s3.headBucket(bucket, account);
    switch (head.status()) {
      case FORBIDDEN:
        throw foreign(bucket, account);
      case OWNED:
        if (!region.equals(head.region())) {
          throw OpsException.refused(
              "S3 bucket "
                  + bucket
                  + " is in "
                  + head.region()
                  + ", not in "
                  + region
                  + " where the stack is; pass --s3-bucket BUCKET to use another bucket");
        }
        if (s3.bucketLifecycle(bucket, account).contains(EXPIRATION)) {
          return new Target(bucket, account);
        }
        configure(s3, bucket, identity);
        progress.line(
            "templates over 51,200 bytes go through S3 bucket %s: its settings are now complete",
            bucket);
        return new Target(bucket, account);
      default:
        create(s3, bucket, account, region);
        configure(s3, bucket, identity);
        progress.line(
            "templates over 51,200 bytes go through S3 bucket %s, created now (encrypted, no"
                + " public access, TLS only, templates expire after %d days)",
            bucket, EXPIRATION_DAYS);
        return new Target(bucket, account);
    }
  }

  private static void create(TemplateStore s3, String bucket, String account, String region) {
    try {
      s3.createBucket(bucket, region);
    } catch (CloudException e) {
      switch (e.code()) {
        case "BucketAlreadyOwnedByYou":
          // Created since HeadBucket, by another run of the tool: configured below all the same.
          return;
        case "BucketAlreadyExists":
          throw foreign(bucket, account);
        default:
          throw e;
      }
    }
  }

  /** Every setting, each one idempotent; the lifecycle rule last, as the mark of completion. */
  private static void configure(TemplateStore s3, String bucket, CallerIdentity owner) {
    String account = owner.account();
    s3.putBucketEncryption(bucket, account, BucketSettings.SSE_S3);
    s3.putPublicAccessBlock(bucket, account, PublicAccessBlock.ALL);
    s3.putBucketOwnershipControls(bucket, account, BucketSettings.BUCKET_OWNER_ENFORCED);
    s3.putBucketPolicy(bucket, account, policy(bucket, owner.partition()));
    s3.putBucketLifecycle(bucket, account, List.of(EXPIRATION));
  }

  /** Denies every request to the bucket and its objects not made over TLS. */
  public static String policy(String bucket, String partition) {
    if (!PARTITION.matcher(partition).matches()) {
      throw new IllegalStateException("not an AWS partition: " + partition);
    }
    String arn = "arn:" + partition + ":s3:::" + bucket;
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyWithoutTls\","
        + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\""
        + arn
        + "\",\""
        + arn
        + "/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
  }

  private static OpsException foreign(String bucket, String account) {
    return OpsException.refused(
        "S3 bucket "
            + bucket
            + ", the template bucket's name for account "
            + account
            + ", belongs to another account (or these credentials may not read it:"
            + " s3:ListBucket); nothing was changed; pass --s3-bucket BUCKET to send the"
            + " template through a bucket of your own");
  }
}
