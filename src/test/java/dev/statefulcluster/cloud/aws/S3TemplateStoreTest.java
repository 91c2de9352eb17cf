package dev.statefulcluster.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.CloudException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PutObject against the stub: the REST request, and the URL CloudFormation will read. */
class S3TemplateStoreTest {

  private AwsStub stub;
  private AwsCloud cloud;

  @BeforeEach
  void start() {
    stub = AwsStub.start();
    cloud = stub.cloud();
  }

  @AfterEach
  void stop() {
    cloud.close();
    stub.close();
  }

  @Test
  void putSendsTheTemplateAndReturnsAPathStyleUrlBehindAnEndpointOverride() {
    stub.replyBody(200, "");
    String template = "{\"Resources\":{\"Node1Volume\":{\"Type\":\"AWS::EC2::Volume\"}}}";

    String url =
        cloud.templates().put("kafka-prod-templates", null, "stacks/kafka-prod/1.json", template);

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.path()).isEqualTo("/kafka-prod-templates/stacks/kafka-prod/1.json");
    // Sent whole and signed with its hash, not as an aws-chunked stream: emulators take that.
    assertThat(request.bodyText()).isEqualTo(template);
    assertThat(request.header("x-amz-content-sha256")).isEqualTo(sha256(template));
    assertThat(request.header("Content-Encoding")).isNull();
    assertThat(request.header("Authorization")).contains("/eu-west-1/s3/aws4_request");
    assertThat(request.header("x-amz-expected-bucket-owner")).isNull();
    assertThat(url).isEqualTo(stub.endpoint() + "/kafka-prod-templates/stacks/kafka-prod/1.json");
  }

  @Test
  void onAwsTheUrlIsVirtualHostedInTheRegion() {
    try (AwsCloud aws = AwsCloud.create(AwsStub.credentials(), "eu-west-1", null)) {
      assertThat(aws.s3TemplateStore().url("kafka-prod-templates", "stacks/kafka prod/1.json"))
          .isEqualTo(
              "https://kafka-prod-templates.s3.eu-west-1.amazonaws.com/stacks/kafka%20prod/1.json");
    }
  }

  @Test
  void aMissingBucketIsAnErrorWithS3sCode() {
    stub.reply(404, "s3-error-no-such-bucket.xml");

    assertThatThrownBy(() -> cloud.templates().put("kafka-prod-templates", null, "t.json", "{}"))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo("NoSuchBucket");
              assertThat(e.getMessage())
                  .isEqualTo("S3 PutObject: The specified bucket does not exist");
              assertThat(e.retryable()).isFalse();
            });
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
