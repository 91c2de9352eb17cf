package dev.statefulcluster.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.ops.core.ResilientCloud;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/** Every SDK failure becomes one CloudException line a user can act on. */
class AwsErrorsTest {

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
  void throttlingIsRetryableAndKeepsAwsCode() {
    stub.reply(400, "cfn-error-throttling.xml");

    CloudException e = failure(() -> cloud.stacks().describeStack("kafka-prod"));

    assertThat(e.code()).isEqualTo("Throttling");
    assertThat(e.getMessage()).isEqualTo("CloudFormation DescribeStacks: Rate exceeded");
    assertThat(e.retryable()).isTrue();
    assertThat(e.isThrottling()).isTrue();
  }

  @Test
  void ec2RequestLimitExceededIsThrottling() {
    stub.reply(503, "ec2-error-request-limit.xml");

    CloudException e = failure(() -> cloud.ec2().describeVolumes(List.of("vol-1", "vol-2")));

    assertThat(e.code()).isEqualTo("RequestLimitExceeded");
    assertThat(e.retryable()).isTrue();
    assertThat(e.isThrottling()).isTrue();
    assertThat(stub.requests()).hasSize(1); // not narrowed down id by id
  }

  @Test
  void serverErrorsAreRetryable() {
    stub.reply(500, "cfn-error-internal.xml");

    CloudException e = failure(() -> cloud.stacks().deleteStack("kafka-prod"));

    assertThat(e.code()).isEqualTo("InternalFailure");
    assertThat(e.retryable()).isTrue();
    assertThat(e.isThrottling()).isFalse();
  }

  @Test
  void serverErrorsAreTriedThreeTimesInAllThenNameTheCall() {
    try (AwsCloud retrying = stub.retryingCloud()) {
      for (int i = 0; i < 5; i++) {
        stub.replyBody(500, "");
      }

      CloudException e = failure(() -> retrying.stacks().deleteStack("kafka-prod"));

      assertThat(stub.requests()).hasSize(AwsClients.PRODUCTION_ATTEMPTS).hasSize(3);
      assertThat(e.getMessage())
          .isEqualTo(
              "CloudFormation DeleteStack: HTTP 500 from "
                  + stub.endpoint()
                  + " with no AWS error code");
    }
  }

  @Test
  void aServerErrorThatClearsUpIsRetriedBySdk() {
    try (AwsCloud retrying = stub.retryingCloud()) {
      stub.reply(500, "cfn-error-internal.xml")
          .reply(503, "cfn-error-internal.xml")
          .reply("cfn-delete-stack.xml");

      retrying.stacks().deleteStack("kafka-prod");

      assertThat(stub.requests()).hasSize(3);
    }
  }

  @Test
  void throttlingIsLeftToTheOperationsNotRetriedBySdk() {
    try (AwsCloud retrying = stub.retryingCloud()) {
      stub.reply(400, "cfn-error-throttling.xml").reply(503, "ec2-error-request-limit.xml");

      assertThat(failure(() -> retrying.stacks().describeStack("kafka-prod")).isThrottling())
          .isTrue();
      assertThat(failure(() -> retrying.ec2().describeVolumes(List.of("vol-1"))).isThrottling())
          .isTrue();

      assertThat(stub.requests()).hasSize(2);
    }
  }

  @Test
  void theOperationsDoNotRetryWhatTheSdkRetried() {
    try (AwsCloud retrying = stub.retryingCloud()) {
      var cloud = new ResilientCloud(retrying);
      for (int i = 0; i < 30; i++) {
        stub.reply(500, "cfn-error-internal.xml");
      }

      CloudException e = failure(() -> cloud.stacks().describeStack("kafka-prod"));

      assertThat(e.getMessage())
          .startsWith("CloudFormation DescribeStacks: The request processing has failed");
      assertThat(stub.requests()).hasSize(3); // not 3 SDK attempts for each of 8 of ours
      assertThat(cloud.retries()).isZero();
    }
  }

  @Test
  void anAnswerWithoutAwsErrorNamesStatusAndEndpoint() {
    stub.replyBody(502, "<html><body>Bad Gateway</body></html>");

    CloudException e = failure(() -> cloud.stacks().getTemplate("kafka-prod"));

    assertThat(e.code()).isEqualTo("HTTP502");
    assertThat(e.getMessage())
        .isEqualTo(
            "CloudFormation GetTemplate: HTTP 502 from "
                + stub.endpoint()
                + " with no AWS error code");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void anEmptyErrorAnswerNamesStatusAndEndpoint() {
    stub.replyBody(400, "");

    CloudException e = failure(() -> cloud.ec2().describeSubnets(List.of("subnet-1")));

    assertThat(e.code()).isEqualTo("HTTP400");
    assertThat(e.getMessage())
        .isEqualTo(
            "EC2 DescribeSubnets: HTTP 400 from " + stub.endpoint() + " with no AWS error code");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void rejectedCredentialsSayWhichAndHowToFix() {
    stub.reply(403, "cfn-error-invalid-client-token.xml");

    CloudException e = failure(() -> cloud.stacks().describeStack("kafka-prod"));

    assertThat(e.code()).isEqualTo(CloudException.CREDENTIALS);
    assertThat(e.getMessage())
        .isEqualTo(
            "AWS rejected the credentials from the test's credentials: InvalidClientTokenId: "
                + "The security token included in the request is invalid.; check or renew them "
                + "('aws configure', 'aws sso login') or pass another --profile");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void ec2AuthFailureIsACredentialsFailure() {
    // As EC2 sends it, with 401: the JDK's HttpURLConnection drops the body, code and all.
    stub.reply(401, "ec2-error-auth-failure.xml");

    CloudException e = failure(() -> cloud.ec2().describeInstances(List.of("i-1")));

    assertThat(e.code()).isEqualTo(CloudException.CREDENTIALS);
    assertThat(e.getMessage())
        .isEqualTo(
            "AWS rejected the credentials from the test's credentials: HTTP 401 Unauthorized; check"
                + " or renew them ('aws configure', 'aws sso login') or pass another --profile");
  }

  @Test
  void authFailureWithItsCodeIsACredentialsFailureToo() {
    stub.reply(400, "ec2-error-auth-failure.xml");

    CloudException e = failure(() -> cloud.ec2().describeInstances(List.of("i-1")));

    assertThat(e.code()).isEqualTo(CloudException.CREDENTIALS);
    assertThat(e.getMessage())
        .contains(": AuthFailure: AWS was not able to validate the provided access credentials;");
  }

  @Test
  void missingCredentialsNameTheSourceAndTheFix() {
    ProfileFile empty =
        ProfileFile.builder()
            .content(new ByteArrayInputStream(new byte[0]))
            .type(ProfileFile.Type.CREDENTIALS)
            .build();
    var nowhere =
        new CredentialSource(
            ProfileCredentialsProvider.builder().profileFile(empty).profileName("ghost").build(),
            "profile 'ghost' (--profile)");

    try (AwsCloud noCredentials = AwsCloud.create(nowhere, "eu-west-1", stub.endpoint())) {
      CloudException e = failure(() -> noCredentials.stacks().describeStack("kafka-prod"));

      assertThat(e.code()).isEqualTo(CloudException.CREDENTIALS);
      // The places looked and the fix; none of the SDK's text about its provider classes.
      assertThat(e.getMessage())
          .isEqualTo(
              "no AWS credentials found in profile 'ghost' (--profile); run 'aws configure' (or"
                  + " 'aws sso login'), set AWS_PROFILE or pass --profile");
    }
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void aClosedPortIsAConnectionFailureNamingEndpointAndRegion() throws IOException {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    try (AwsCloud unreachable = AwsCloud.create(AwsStub.credentials(), "eu-west-1", closed)) {
      CloudException e = failure(() -> unreachable.stacks().describeStack("kafka-prod"));

      assertThat(e.code()).isEqualTo(CloudException.CONNECTION);
      assertThat(e.getMessage())
          .isEqualTo(
              "cannot reach "
                  + closed
                  + " (--endpoint-url, region eu-west-1): connection refused; check"
                  + " --endpoint-url");
      assertThat(e.retryable()).isFalse();
    }
  }

  @Test
  void anUnknownHostNamesTheRegionalEndpoint() {
    // What the SDK throws when the region has no endpoint in DNS; no lookup made here.
    AwsErrors errors = errorsFor("cloudformation", "eu-west-9");
    var sdk =
        SdkClientException.builder()
            .message("Unable to execute HTTP request: cloudformation.eu-west-9.amazonaws.com")
            .cause(new UnknownHostException("cloudformation.eu-west-9.amazonaws.com"))
            .build();

    CloudException e = errors.convert(sdk);

    assertThat(e.code()).isEqualTo(CloudException.CONNECTION);
    assertThat(e.getMessage())
        .isEqualTo(
            "cannot reach https://cloudformation.eu-west-9.amazonaws.com: unknown host; "
                + "check --region or --endpoint-url");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void aTimeoutIsARetryableConnectionFailure() {
    AwsErrors errors = errorsFor("ec2", "eu-west-1");
    var sdk =
        SdkClientException.builder()
            .message("Unable to execute HTTP request: Read timed out")
            .cause(new SocketTimeoutException("Read timed out"))
            .build();

    CloudException e = errors.convert(sdk);

    assertThat(e.code()).isEqualTo(CloudException.CONNECTION);
    assertThat(e.getMessage())
        .isEqualTo(
            "cannot reach https://ec2.eu-west-1.amazonaws.com: timed out; "
                + "check --region or --endpoint-url");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void messagesAreOneLine() {
    AwsErrors errors = errorsFor("s3", "eu-west-1");
    var sdk = SdkClientException.builder().message("first line\nsecond line\n\tat x.y(Z)").build();

    CloudException e = errors.convert(sdk);

    assertThat(e.code()).isEqualTo("ClientError");
    assertThat(e.getMessage()).isEqualTo("AWS SDK: first line");
  }

  private static AwsErrors errorsFor(String service, String region) {
    var config =
        new AwsClients.Config(
            Region.of(region),
            null,
            new CredentialSource(AwsStub.credentials(), "the test's credentials"),
            1,
            null,
            null,
            true);
    return new AwsClients(config).errors(service);
  }

  private static CloudException failure(ThrowingCallable call) {
    CloudException e = catchThrowableOfType(CloudException.class, call);
    assertThat(e).as("a CloudException").isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n");
    return e;
  }
}
