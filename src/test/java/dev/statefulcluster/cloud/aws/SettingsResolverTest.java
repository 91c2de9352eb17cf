package dev.statefulcluster.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.CloudException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Region and credentials found as the AWS CLI finds them, from an environment and profile files the
 * test gives: nothing ambient is read, and the instance metadata is never asked.
 */
class SettingsResolverTest {

  private static final String CONFIG =
      """
      [default]
      region = us-east-2

      [profile prod]
      region = eu-central-1
      """;
  private static final String CREDENTIALS =
      """
      [default]
      aws_access_key_id = AKIADEFAULT00000000
      aws_secret_access_key = default-secret

      [prod]
      aws_access_key_id = AKIAPROD0000000000
      aws_secret_access_key = prod-secret
      """;

  private final AtomicInteger instanceAsked = new AtomicInteger();

  @Test
  void anExplicitRegionWinsOverEverything() {
    var resolver = resolver(Map.of("AWS_REGION", "ap-south-1", "AWS_DEFAULT_REGION", "sa-east-1"));

    assertThat(resolver.region(settings("eu-west-1", "prod")).id()).isEqualTo("eu-west-1");
  }

  @Test
  void aRegionThatIsNoRegionNameSaysWhereItWasSet() {
    var resolver = resolver(Map.of("AWS_DEFAULT_REGION", "not a region"));

    assertThatThrownBy(() -> resolver.region(settings(null, null)))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo(SettingsResolver.INVALID_REGION);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "the region 'not a region' from AWS_DEFAULT_REGION is not a region name;"
                          + " correct it or pass --region, such as --region eu-west-1");
            });
  }

  @Test
  void awsRegionComesBeforeAwsDefaultRegionAndTheProfile() {
    var resolver = resolver(Map.of("AWS_REGION", "ap-south-1", "AWS_DEFAULT_REGION", "sa-east-1"));

    assertThat(resolver.region(settings(null, "prod")).id()).isEqualTo("ap-south-1");
  }

  @Test
  void awsDefaultRegionComesBeforeTheProfile() {
    var resolver = resolver(Map.of("AWS_DEFAULT_REGION", "sa-east-1"));

    assertThat(resolver.region(settings(null, "prod")).id()).isEqualTo("sa-east-1");
  }

  @Test
  void theRegionOfTheNamedProfile() {
    assertThat(resolver(Map.of()).region(settings(null, "prod")).id()).isEqualTo("eu-central-1");
  }

  @Test
  void theRegionOfTheProfileInAwsProfile() {
    var resolver = resolver(Map.of("AWS_PROFILE", "prod"));

    assertThat(resolver.region(AwsSettings.defaults()).id()).isEqualTo("eu-central-1");
  }

  @Test
  void theRegionOfTheDefaultProfile() {
    assertThat(resolver(Map.of()).region(AwsSettings.defaults()).id()).isEqualTo("us-east-2");
    assertThat(instanceAsked).hasValue(0);
  }

  @Test
  void theInstanceMetadataComesLast() {
    var resolver =
        new SettingsResolver(Map.of(), () -> profiles("", ""), () -> Optional.of("us-west-2"));

    assertThat(resolver.region(AwsSettings.defaults()).id()).isEqualTo("us-west-2");
  }

  @Test
  void noRegionAnywhereSaysWhereToSetOne() {
    var resolver =
        new SettingsResolver(
            Map.of("AWS_PROFILE", "staging"), () -> profiles("", ""), Optional::empty);

    assertThatThrownBy(() -> resolver.region(AwsSettings.defaults()))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo(SettingsResolver.MISSING_REGION);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "no AWS region given; pass --region, set AWS_REGION, or set 'region' in "
                          + "profile 'staging' of ~/.aws/config");
            });
  }

  @Test
  void aNamedProfileWinsOverEnvironmentKeys() {
    var resolver =
        resolver(Map.of("AWS_ACCESS_KEY_ID", "AKIAENV000000000000", "AWS_SECRET_ACCESS_KEY", "s"));

    CredentialSource source = resolver.credentials(settings(null, "prod"));

    assertThat(source.description()).isEqualTo("profile 'prod' (--profile)");
    assertThat(source.resolveCredentials().accessKeyId()).isEqualTo("AKIAPROD0000000000");
  }

  @Test
  void environmentKeysWithASessionToken() {
    var resolver =
        resolver(
            Map.of(
                "AWS_ACCESS_KEY_ID", "ASIAENV000000000000",
                "AWS_SECRET_ACCESS_KEY", "env-secret",
                "AWS_SESSION_TOKEN", "token",
                "AWS_PROFILE", "prod"));

    CredentialSource source = resolver.credentials(AwsSettings.defaults());

    assertThat(source.description())
        .isEqualTo("environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    assertThat(source.resolveCredentials())
        .isInstanceOfSatisfying(
            AwsSessionCredentials.class,
            c -> {
              assertThat(c.accessKeyId()).isEqualTo("ASIAENV000000000000");
              assertThat(c.secretAccessKey()).isEqualTo("env-secret");
              assertThat(c.sessionToken()).isEqualTo("token");
            });
  }

  @Test
  void theProfileInAwsProfile() {
    CredentialSource source =
        resolver(Map.of("AWS_PROFILE", "prod")).credentials(AwsSettings.defaults());

    assertThat(source.description()).isEqualTo("profile 'prod' (AWS_PROFILE)");
    assertThat(source.resolveCredentials().secretAccessKey()).isEqualTo("prod-secret");
  }

  @Test
  void otherwiseTheSdkDefaultChain() {
    CredentialSource source =
        resolver(Map.of("AWS_SHARED_CREDENTIALS_FILE", "/etc/aws/credentials"))
            .credentials(AwsSettings.defaults());

    // Not resolved here: the chain ends with the instance metadata service.
    assertThat(source.provider()).isInstanceOf(DefaultCredentialsProvider.class);
    assertThat(source.description())
        .isEqualTo(
            "the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE), profile 'default' in"
                + " /etc/aws/credentials or ~/.aws/config, "
                + "web identity, container or instance role");
  }

  @Test
  void anUnknownProfileIsAnErrorBeforeAnyCall() {
    assertThatThrownBy(() -> resolver(Map.of()).credentials(settings(null, "nope")))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo(CloudException.CREDENTIALS);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "profile 'nope' (--profile) is not in ~/.aws/config or ~/.aws/credentials; "
                          + "run 'aws configure --profile nope' or name another profile");
            });
  }

  @Test
  void anUnknownProfileInAwsProfileSaysSo() {
    var resolver = resolver(Map.of("AWS_PROFILE", "nope", "AWS_CONFIG_FILE", "/tmp/cfg"));

    assertThatThrownBy(() -> resolver.credentials(AwsSettings.defaults()))
        .hasMessageStartingWith("profile 'nope' (AWS_PROFILE) is not in /tmp/cfg or");
  }

  private SettingsResolver resolver(Map<String, String> env) {
    return new SettingsResolver(
        env,
        () -> profiles(CONFIG, CREDENTIALS),
        () -> {
          instanceAsked.incrementAndGet();
          return Optional.empty();
        });
  }

  private static AwsSettings settings(String region, String profile) {
    return new AwsSettings(region, profile, null);
  }

  private static ProfileFile profiles(String config, String credentials) {
    return ProfileFile.aggregator()
        .addFile(file(config, ProfileFile.Type.CONFIGURATION))
        .addFile(file(credentials, ProfileFile.Type.CREDENTIALS))
        .build();
  }

  private static ProfileFile file(String content, ProfileFile.Type type) {
    return ProfileFile.builder()
        .content(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))
        .type(type)
        .build();
  }
}
