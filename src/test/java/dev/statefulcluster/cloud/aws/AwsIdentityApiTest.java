package dev.statefulcluster.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.CallerIdentity;
import dev.statefulcluster.cloud.CloudException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** STS GetCallerIdentity against the stub: the Query request, the answer, a rejected token. */
class AwsIdentityApiTest {

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
  void getCallerIdentitySendsTheActionAndMapsAccountAndArn() {
    stub.reply("sts-get-caller-identity.xml");

    CallerIdentity identity = cloud.identity().callerIdentity();

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.params())
        .containsEntry("Action", "GetCallerIdentity")
        .containsEntry("Version", "2011-06-15")
        .hasSize(2);
    assertThat(request.header("Authorization")).contains("/eu-west-1/sts/aws4_request");
    assertThat(identity)
        .isEqualTo(new CallerIdentity("123456789012", "arn:aws:iam::123456789012:user/Alice"));
    assertThat(identity.partition()).isEqualTo("aws");
  }

  @Test
  void thePartitionComesFromTheCallersArn() {
    stub.reply("sts-get-caller-identity-china.xml");

    CallerIdentity identity = cloud.identity().callerIdentity();

    assertThat(identity.account()).isEqualTo("123456789012");
    assertThat(identity.partition()).isEqualTo("aws-cn");
  }

  @Test
  void anExpiredTokenIsACredentialsFailureWithTheFix() {
    stub.reply(403, "sts-error-expired-token.xml");

    assertThatThrownBy(() -> cloud.identity().callerIdentity())
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo(CloudException.CREDENTIALS);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "AWS rejected the credentials from the test's credentials: ExpiredToken: The"
                          + " security token included in the request is expired; check or renew"
                          + " them ('aws configure', 'aws sso login') or pass another --profile");
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void aServerErrorNamesStsAndTheCall() {
    stub.replyBody(
        500,
        "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
            + "<Message>internal error</Message></Error></ErrorResponse>");

    assertThatThrownBy(() -> cloud.identity().callerIdentity())
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("STS GetCallerIdentity: internal error");
              assertThat(e.retryable()).isTrue();
            });
  }
}
