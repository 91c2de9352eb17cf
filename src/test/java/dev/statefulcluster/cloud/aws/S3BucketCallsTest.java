package dev.statefulcluster.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.BucketHead;
import dev.statefulcluster.cloud.BucketSettings;
import dev.statefulcluster.cloud.BucketSettings.ExpirationRule;
import dev.statefulcluster.cloud.BucketSettings.PublicAccessBlock;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.TemplateStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The S3 calls that create and secure the template bucket, against the stub: each one's REST
 * request (method, path-style bucket, subresource in the query, the expected owner's header, the
 * XML or JSON body) and how its answer or error maps.
 */
class S3BucketCallsTest {
  private static final String BUCKET = "stateful-cluster-templates-123456789012-eu-west-1";
  private static final String OWNER = "123456789012";

  private AwsStub stub;
  private AwsCloud cloud;
  private TemplateStore s3;

  @BeforeEach
  void start() {
    stub = AwsStub.start();
    cloud = stub.cloud();
    s3 = cloud.templates();
  }

  @AfterEach
  void stop() {
    cloud.close();
    stub.close();
  }

  @Test
  void headBucketAsksWithTheExpectedOwnerAndReadsTheRegionHeader() {
    stub.replyBody(200, "", Map.of("x-amz-bucket-region", "eu-west-1"));

    BucketHead head = s3.headBucket(BUCKET, OWNER);

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("HEAD");
    assertThat(request.path()).isEqualTo("/" + BUCKET);
    assertThat(request.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
    assertThat(head).isEqualTo(BucketHead.owned("eu-west-1"));
  }

  @Test
  void headBucketTells404From403() {
    stub.replyBody(404, "").replyBody(403, "");

    assertThat(s3.headBucket(BUCKET, OWNER)).isEqualTo(BucketHead.notFound());
    assertThat(s3.headBucket(BUCKET, OWNER)).isEqualTo(BucketHead.forbidden());
  }

  @Test
  void headBucketFailingOtherwiseIsAnError() {
    stub.replyBody(500, "");

    assertThatThrownBy(() -> s3.headBucket(BUCKET, OWNER))
        .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void createBucketOutsideUsEast1SendsTheLocationConstraint() {
    stub.replyBody(200, "", Map.of("Location", "/" + BUCKET));

    s3.createBucket(BUCKET, "eu-west-1");

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.path()).isEqualTo("/" + BUCKET);
    assertThat(request.query()).isEmpty();
    assertThat(request.bodyText())
        .contains("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
        .contains("<LocationConstraint>eu-west-1</LocationConstraint>");
    // Not yet owned: no expected owner to name.
    assertThat(request.header("x-amz-expected-bucket-owner")).isNull();
  }

  @Test
  void createBucketInUsEast1SendsNoConfiguration() {
    try (AwsCloud virginia = AwsCloud.create(AwsStub.credentials(), "us-east-1", stub.endpoint())) {
      stub.replyBody(200, "");

      virginia
          .templates()
          .createBucket("stateful-cluster-templates-123456789012-us-east-1", "us-east-1");

      var request = stub.onlyRequest();
      assertThat(request.method()).isEqualTo("PUT");
      assertThat(request.path()).isEqualTo("/stateful-cluster-templates-123456789012-us-east-1");
      assertThat(request.bodyText()).doesNotContain("LocationConstraint");
    }
  }

  @Test
  void createBucketKeepsS3sCodeForANameTakenOrAlreadyOurs() {
    stub.reply(409, "s3-error-bucket-already-exists.xml")
        .reply(409, "s3-error-bucket-already-owned-by-you.xml");

    assertThatThrownBy(() -> s3.createBucket(BUCKET, "eu-west-1"))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo("BucketAlreadyExists");
              assertThat(e.getMessage())
                  .startsWith("S3 CreateBucket: The requested bucket name is not available.");
              assertThat(e.retryable()).isFalse();
            });
    assertThatThrownBy(() -> s3.createBucket(BUCKET, "eu-west-1"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("BucketAlreadyOwnedByYou"));
  }

  @Test
  void putBucketEncryptionSendsTheDefaultRule() {
    stub.replyBody(200, "");

    s3.putBucketEncryption(BUCKET, OWNER, BucketSettings.SSE_S3);

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.path()).isEqualTo("/" + BUCKET);
    assertThat(request.query()).isEqualTo("encryption");
    assertThat(request.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
    assertThat(request.bodyText())
        .contains("<ServerSideEncryptionConfiguration")
        .contains(
            "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
                + "</ApplyServerSideEncryptionByDefault></Rule>");
  }

  @Test
  void putPublicAccessBlockSendsAllFourSwitches() {
    stub.replyBody(200, "");

    s3.putPublicAccessBlock(BUCKET, OWNER, PublicAccessBlock.ALL);

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.query()).isEqualTo("publicAccessBlock");
    assertThat(request.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
    assertThat(request.bodyText())
        .contains("<PublicAccessBlockConfiguration")
        .contains("<BlockPublicAcls>true</BlockPublicAcls>")
        .contains("<IgnorePublicAcls>true</IgnorePublicAcls>")
        .contains("<BlockPublicPolicy>true</BlockPublicPolicy>")
        .contains("<RestrictPublicBuckets>true</RestrictPublicBuckets>");
  }

  @Test
  void putBucketOwnershipControlsSendsTheRule() {
    stub.replyBody(200, "");

    s3.putBucketOwnershipControls(BUCKET, OWNER, BucketSettings.BUCKET_OWNER_ENFORCED);

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.query()).isEqualTo("ownershipControls");
    assertThat(request.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
    assertThat(request.bodyText())
        .contains("<OwnershipControls")
        .contains("<Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule>");
  }

  @Test
  void putBucketPolicySendsTheDocumentAsTheBody() {
    stub.replyBody(204, "");
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";

    s3.putBucketPolicy(BUCKET, OWNER, policy);

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.query()).isEqualTo("policy");
    assertThat(request.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
    assertThat(request.bodyText()).isEqualTo(policy);
  }

  @Test
  void aRejectedPolicyKeepsS3sCodeAndMessage() {
    stub.reply(400, "s3-error-malformed-policy.xml");

    assertThatThrownBy(() -> s3.putBucketPolicy(BUCKET, OWNER, "{}"))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo("MalformedPolicy");
              assertThat(e.getMessage())
                  .isEqualTo("S3 PutBucketPolicy: Policy has invalid resource");
            });
  }

  @Test
  void putBucketLifecycleSendsAnEnabledExpirationRuleScopedToThePrefix() {
    stub.replyBody(200, "");

    s3.putBucketLifecycle(
        BUCKET, OWNER, List.of(new ExpirationRule("expire-templates", "stateful-cluster/", 30)));

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.query()).isEqualTo("lifecycle");
    assertThat(request.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
    assertThat(request.bodyText())
        .contains("<LifecycleConfiguration")
        .contains("<ID>expire-templates</ID>")
        .contains("<Filter><Prefix>stateful-cluster/</Prefix></Filter>")
        .contains("<Status>Enabled</Status>")
        .contains("<Expiration><Days>30</Days></Expiration>");
  }

  @Test
  void bucketLifecycleReadsTheEnabledExpirationRulesOnly() {
    stub.reply("s3-get-bucket-lifecycle.xml");

    List<ExpirationRule> rules = s3.bucketLifecycle(BUCKET, OWNER);

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/" + BUCKET);
    assertThat(request.query()).isEqualTo("lifecycle");
    assertThat(request.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
    assertThat(rules)
        .containsExactly(
            new ExpirationRule("stateful-cluster-expire-templates", "stateful-cluster/", 30));
  }

  @Test
  void noLifecycleConfigurationIsNoRules() {
    stub.reply(404, "s3-error-no-such-lifecycle.xml");

    assertThat(s3.bucketLifecycle(BUCKET, OWNER)).isEmpty();
  }

  @Test
  void aBucketOfAnotherOwnerIsAccessDenied() {
    stub.reply(403, "s3-error-access-denied.xml");

    assertThatThrownBy(() -> s3.bucketLifecycle(BUCKET, OWNER))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo("AccessDenied");
              assertThat(e.getMessage())
                  .isEqualTo("S3 GetBucketLifecycleConfiguration: Access Denied");
            });
  }

  @Test
  void putObjectNamesTheExpectedOwner() {
    stub.replyBody(200, "");

    s3.put(BUCKET, OWNER, "stateful-cluster/kafka-prod/abc.json", "{}");

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.path()).isEqualTo("/" + BUCKET + "/stateful-cluster/kafka-prod/abc.json");
    assertThat(request.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
  }
}
