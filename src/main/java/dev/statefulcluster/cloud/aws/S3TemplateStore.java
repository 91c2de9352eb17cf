package dev.statefulcluster.cloud.aws;

import dev.statefulcluster.cloud.BucketHead;
import dev.statefulcluster.cloud.BucketSettings.ExpirationRule;
import dev.statefulcluster.cloud.BucketSettings.PublicAccessBlock;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.TemplateStore;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * {@link TemplateStore} on S3 (REST-XML). PutObject returns the object's URL as the client
 * addresses it (virtual-hosted on AWS, path-style behind an endpoint override), which is what
 * CloudFormation's TemplateURL takes.
 */
final class S3TemplateStore implements TemplateStore {

  /** The region S3 takes no LocationConstraint for (it rejects one naming it). */
  private static final String US_EAST_1 = "us-east-1";

  private final Supplier<S3Client> s3;
  private final AwsErrors errors;

  S3TemplateStore(Supplier<S3Client> s3, AwsErrors errors) {
    this.s3 = s3;
    this.errors = errors;
  }

  @Override
  public String put(String bucket, String expectedOwner, String key, String templateBody) {
    return errors.call(
        () -> {
          s3.get()
              .putObject(
                  r ->
                      r.bucket(bucket)
                          .expectedBucketOwner(expectedOwner)
                          .key(key)
                          .contentType("text/plain; charset=utf-8"),
                  RequestBody.fromString(templateBody));
          return url(bucket, key);
        });
  }

  /** The object's URL, computed by the client with no call made. */
  String url(String bucket, String key) {
    return s3.get().utilities().getUrl(r -> r.bucket(bucket).key(key)).toExternalForm();
  }

  @Override
  public BucketHead headBucket(String bucket, String expectedOwner) {
    try {
      var response =
          errors.call(
              () -> s3.get().headBucket(r -> r.bucket(bucket).expectedBucketOwner(expectedOwner)));
      return BucketHead.owned(response.bucketRegion());
    } catch (CloudException e) {
      // A HEAD answer has no body: the status is all S3 says.
      if (e.getCause() instanceof S3Exception s) {
        if (s.statusCode() == 404) {
          return BucketHead.notFound();
        }
        if (s.statusCode() == 403) {
          return BucketHead.forbidden();
        }
      }
      throw e;
    }
  }

  @Override
  public void createBucket(String bucket, String region) {
    errors.run(
        () ->
            s3.get()
                .createBucket(
                    r -> {
                      r.bucket(bucket);
                      if (!US_EAST_1.equals(region)) {
                        r.createBucketConfiguration(c -> c.locationConstraint(region));
                      }
                    }));
  }

  @Override
  public void putBucketEncryption(String bucket, String expectedOwner, String algorithm) {
    errors.run(
        () ->
            s3.get()
                .putBucketEncryption(
                    r ->
                        r.bucket(bucket)
                            .expectedBucketOwner(expectedOwner)
                            .serverSideEncryptionConfiguration(
                                c ->
                                    c.rules(
                                        ServerSideEncryptionRule.builder()
                                            .applyServerSideEncryptionByDefault(
                                                d -> d.sseAlgorithm(algorithm))
                                            .build()))));
  }

  @Override
  public void putPublicAccessBlock(String bucket, String expectedOwner, PublicAccessBlock block) {
    errors.run(
        () ->
            s3.get()
                .putPublicAccessBlock(
                    r ->
                        r.bucket(bucket)
                            .expectedBucketOwner(expectedOwner)
                            .publicAccessBlockConfiguration(
                                c ->
                                    c.blockPublicAcls(block.blockPublicAcls())
                                        .ignorePublicAcls(block.ignorePublicAcls())
                                        .blockPublicPolicy(block.blockPublicPolicy())
                                        .restrictPublicBuckets(block.restrictPublicBuckets()))));
  }

  @Override
  public void putBucketOwnershipControls(
      String bucket, String expectedOwner, String objectOwnership) {
    errors.run(
        () ->
            s3.get()
                .putBucketOwnershipControls(
                    r ->
                        r.bucket(bucket)
                            .expectedBucketOwner(expectedOwner)
                            .ownershipControls(
                                c ->
                                    c.rules(
                                        OwnershipControlsRule.builder()
                                            .objectOwnership(objectOwnership)
                                            .build()))));
  }

  @Override
  public void putBucketPolicy(String bucket, String expectedOwner, String policy) {
    errors.run(
        () ->
            s3.get()
                .putBucketPolicy(
                    r -> r.bucket(bucket).expectedBucketOwner(expectedOwner).policy(policy)));
  }

  @Override
  public void putBucketLifecycle(String bucket, String expectedOwner, List<ExpirationRule> rules) {
    List<LifecycleRule> sdkRules =
        rules.stream()
            .map(
                rule ->
                    LifecycleRule.builder()
                        .id(rule.id())
                        .filter(f -> f.prefix(rule.prefix()))
                        .status(ExpirationStatus.ENABLED)
                        .expiration(e -> e.days(rule.days()))
                        .build())
            .toList();
    errors.run(
        () ->
            s3.get()
                .putBucketLifecycleConfiguration(
                    r ->
                        r.bucket(bucket)
                            .expectedBucketOwner(expectedOwner)
                            .lifecycleConfiguration(c -> c.rules(sdkRules))));
  }

  @Override
  public List<ExpirationRule> bucketLifecycle(String bucket, String expectedOwner) {
    try {
      var response =
          errors.call(
              () ->
                  s3.get()
                      .getBucketLifecycleConfiguration(
                          r -> r.bucket(bucket).expectedBucketOwner(expectedOwner)));
      return response.rules().stream()
          .filter(
              rule ->
                  rule.status() == ExpirationStatus.ENABLED
                      && rule.expiration() != null
                      && rule.expiration().days() != null)
          .map(
              rule ->
                  new ExpirationRule(
                      rule.id(),
                      rule.filter() == null || rule.filter().prefix() == null
                          ? ""
                          : rule.filter().prefix(),
                      rule.expiration().days()))
          .toList();
    } catch (CloudException e) {
      if ("NoSuchLifecycleConfiguration".equals(e.code())) {
        return List.of();
      }
      throw e;
    }
  }
}
