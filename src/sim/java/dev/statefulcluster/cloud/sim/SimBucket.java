package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.BucketSettings.ExpirationRule;
import dev.statefulcluster.cloud.BucketSettings.PublicAccessBlock;
import java.util.List;
import java.util.Set;

/**
 * A bucket as S3's Get calls would show it (GetBucketEncryption, GetPublicAccessBlock,
 * GetBucketOwnershipControls, GetBucketPolicy, GetBucketLifecycleConfiguration, ListObjectsV2), for
 * tests to assert on.
 *
 * @param policy null when the bucket has none
 */
public record SimBucket(
    String name,
    String owner,
    String region,
    String encryption,
    PublicAccessBlock publicAccessBlock,
    String objectOwnership,
    String policy,
    List<ExpirationRule> lifecycle,
    Set<String> keys) {}
