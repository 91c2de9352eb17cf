package dev.statefulcluster.cloud.aws;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.IdentityApi;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.TemplateStore;
import dev.statefulcluster.cloud.Ticker;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;
import software.amazon.awssdk.utils.Lazy;

/** {@link Cloud} on the AWS SDK for Java v2. Close it to release the HTTP client. */
public final class AwsCloud implements Cloud, AutoCloseable {

  private final AwsClients clients;
  private final AwsStackApi stacks;
  private final AwsEc2Api ec2;
  private final S3TemplateStore templates;
  private final AwsIdentityApi identity;

  private AwsCloud(AwsClients clients) {
    this.clients = clients;
    this.stacks = new AwsStackApi(clients::cloudFormation, clients.errors("cloudformation"));
    this.ec2 = new AwsEc2Api(clients::ec2, clients.errors("ec2"));
    this.templates = new S3TemplateStore(clients::s3, clients.errors("s3"));
    this.identity = new AwsIdentityApi(clients::sts, clients.errors("sts"));
  }

  /**
   * Connects the way the AWS CLI would with the same options: explicit settings first, then the
   * environment ({@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code AWS_ACCESS_KEY_ID}, {@code
   * AWS_PROFILE}…), then the shared config and credentials files, then the instance metadata when
   * running on EC2. Throws a {@link dev.statefulcluster.cloud.CloudException} when no region can be
   * found or the named profile does not exist; missing credentials show up on the first call.
   */
  public static AwsCloud create(AwsSettings settings) {
    Lazy<ProfileFile> profiles = new Lazy<>(ProfileFile::defaultProfileFile);
    var resolver =
        new SettingsResolver(System.getenv(), profiles::getValue, AwsCloud::instanceRegion);
    Region region = resolver.region(settings);
    CredentialSource credentials = resolver.credentials(settings);
    return new AwsCloud(
        new AwsClients(
            new AwsClients.Config(
                region,
                settings.endpointUrl(),
                credentials,
                AwsClients.PRODUCTION_ATTEMPTS,
                null,
                settings.profile(),
                false)));
  }

  /**
   * For tests: explicit credentials, region and endpoint (null for AWS's own), no SDK retries, and
   * an empty profile file so that nothing in ~/.aws or the environment's profile settings is read.
   */
  static AwsCloud create(AwsCredentialsProvider credentials, String region, URI endpoint) {
    return create(new CredentialSource(credentials, "the test's credentials"), region, endpoint);
  }

  static AwsCloud create(CredentialSource credentials, String region, URI endpoint) {
    return new AwsCloud(
        new AwsClients(
            new AwsClients.Config(Region.of(region), endpoint, credentials, 1, null, null, true)));
  }

  /**
   * For tests: as {@link #create(AwsCredentialsProvider, String, URI)}, with the production
   * retries, tried again at once so that counting them takes no time.
   */
  static AwsCloud createRetrying(AwsCredentialsProvider credentials, String region, URI endpoint) {
    return new AwsCloud(
        new AwsClients(
            new AwsClients.Config(
                Region.of(region),
                endpoint,
                new CredentialSource(credentials, "the test's credentials"),
                AwsClients.PRODUCTION_ATTEMPTS,
                Duration.ZERO,
                null,
                true)));
  }

  private static Optional<String> instanceRegion() {
    try {
      return Optional.of(new InstanceProfileRegionProvider().getRegion().id());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  S3TemplateStore s3TemplateStore() {
    return templates;
  }

  @Override
  public String region() {
    return clients.config.region().id();
  }

  @Override
  public StackApi stacks() {
    return stacks;
  }

  @Override
  public Ec2Api ec2() {
    return ec2;
  }

  @Override
  public TemplateStore templates() {
    return templates;
  }

  @Override
  public IdentityApi identity() {
    return identity;
  }

  @Override
  public Ticker ticker() {
    return Ticker.system();
  }

  @Override
  public void close() {
    clients.close();
  }
}
