package dev.statefulcluster.cloud.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.endpoints.CloudFormationEndpointProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.endpoints.Ec2EndpointProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.endpoints.StsEndpointProvider;

/**
 * The four SDK clients, built on first use, sharing one URLConnection-based HTTP client (the
 * smallest and fastest-starting of the SDK's HTTP clients; the operations make few, sequential
 * calls and need no connection pool).
 */
final class AwsClients implements AutoCloseable {

  /**
   * How to build the clients.
   *
   * @param endpoint {@code --endpoint-url}, or null for AWS's own endpoints
   * @param maxAttempts SDK attempts per call, first included (see {@link #PRODUCTION_ATTEMPTS})
   * @param backoff the SDK's wait before a retry grows from this base delay; null for the SDK's
   *     own, zero for tests that count retries without waiting for them
   * @param profileName {@code --profile}: the profile the SDK reads its own settings from (FIPS,
   *     dual-stack, per-service endpoint_url…), as the AWS CLI does; null for AWS_PROFILE or
   *     default
   * @param hermetic for tests: an empty profile file and FIPS and dual-stack off, so that nothing
   *     in ~/.aws or the environment changes how the clients behave
   */
  record Config(
      Region region,
      URI endpoint,
      CredentialSource credentials,
      int maxAttempts,
      Duration backoff,
      String profileName,
      boolean hermetic) {}

  /**
   * The SDK's standard retry mode: 3 attempts for server errors and broken connections, with its
   * jittered back-off (a second or two in all). Throttling is left to the operations, which retry
   * it on their own clock ({@code ResilientCloud}); the SDK does not retry it, and the operations
   * do not retry what the SDK already did, so the two layers never multiply.
   */
  static final int PRODUCTION_ATTEMPTS = 3;

  private static final ProfileFile EMPTY_PROFILE_FILE =
      ProfileFile.builder()
          .content(new ByteArrayInputStream(new byte[0]))
          .type(ProfileFile.Type.CONFIGURATION)
          .build();

  final Config config;
  private SdkHttpClient http;
  private CloudFormationClient cloudFormation;
  private Ec2Client ec2;
  private S3Client s3;
  private StsClient sts;

  AwsClients(Config config) {
    this.config = config;
  }

  // Each client is built on first use: building one costs a few hundred milliseconds of class
  // loading, and many commands need only CloudFormation; S3 only for templates over the inline
  // limit, STS only to name the bucket those go to.

  synchronized CloudFormationClient cloudFormation() {
    if (cloudFormation == null) {
      cloudFormation = configure(CloudFormationClient.builder()).build();
    }
    return cloudFormation;
  }

  synchronized Ec2Client ec2() {
    if (ec2 == null) {
      ec2 = configure(Ec2Client.builder()).build();
    }
    return ec2;
  }

  synchronized S3Client s3() {
    if (s3 == null) {
      var builder = configure(S3Client.builder());
      if (config.endpoint() != null) {
        // Emulators serve buckets under the path, not as host names; and not all of them
        // understand the SDK's streaming uploads (aws-chunked bodies with per-chunk signatures or
        // trailing checksums). A template is small: send it whole, signed with its SHA-256.
        builder
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
      }
      s3 = builder.build();
    }
    return s3;
  }

  synchronized StsClient sts() {
    if (sts == null) {
      // Regional endpoint (the SDK v2 default): the call stays in the region the stacks are in.
      sts = configure(StsClient.builder()).build();
    }
    return sts;
  }

  private SdkHttpClient http() {
    if (http == null) {
      http =
          UrlConnectionHttpClient.builder()
              .connectionTimeout(Duration.ofSeconds(5))
              .socketTimeout(Duration.ofSeconds(60))
              .build();
    }
    return http;
  }

  private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder) {
    var retries =
        StandardRetryStrategy.builder()
            // The client's defaults would add AWS's throttling conditions back.
            .useClientDefaults(false)
            .retryOnException(AwsClients::transientFailure)
            .maxAttempts(config.maxAttempts());
    if (config.backoff() != null) {
      retries.backoffStrategy(
          config.backoff().isZero()
              ? BackoffStrategy.retryImmediately()
              : BackoffStrategy.exponentialDelay(config.backoff(), Duration.ofSeconds(20)));
    }
    var override =
        ClientOverrideConfiguration.builder()
            .retryStrategy(retries.build())
            .addExecutionInterceptor(new CallNaming());
    if (config.hermetic()) {
      override.defaultProfileFile(EMPTY_PROFILE_FILE).defaultProfileName("default");
      builder.fipsEnabled(false).dualstackEnabled(false);
    } else if (config.profileName() != null) {
      override.defaultProfileName(config.profileName());
    }
    builder
        .region(config.region())
        .credentialsProvider(config.credentials())
        .httpClient(http())
        .overrideConfiguration(override.build());
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    return builder;
  }

  /**
   * What the SDK tries again: an answer in the 5xx range that is not throttling (EC2's
   * RequestLimitExceeded comes with 503), or a connection that broke or timed out. An unknown host
   * stays unknown.
   */
  static boolean transientFailure(Throwable t) {
    if (t instanceof AwsServiceException e) {
      return e.statusCode() >= 500 && !AwsErrors.throttled(e);
    }
    return t instanceof SdkClientException
        && AwsErrors.find(t, IOException.class) != null
        && AwsErrors.find(t, UnknownHostException.class) == null;
  }

  /**
   * Marks a failure with the API call it ended (CreateChangeSet…): the SDK's exceptions do not say,
   * and "HTTP 500" alone does not tell the user which step of a command failed. Runs once per call,
   * after the retries. The SDK insists on getting an exception of the same class back, so the name
   * travels as a suppressed {@link CallName}.
   */
  private static final class CallNaming implements ExecutionInterceptor {
    @Override
    public Throwable modifyException(
        Context.FailedExecution context, ExecutionAttributes attributes) {
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      Throwable e = context.exception();
      if (operation != null && CallName.of(e) == null) {
        e.addSuppressed(new CallName(operation));
      }
      return e;
    }
  }

  /** The API call a failure came from, carried as a suppressed exception of the SDK's. */
  static final class CallName extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallName(String operation) {
      super(operation, null, false, false);
    }

    /** The operation named on {@code e}, or null. */
    static String of(Throwable e) {
      for (Throwable s : e.getSuppressed()) {
        if (s instanceof CallName name) {
          return name.getMessage();
        }
      }
      return null;
    }
  }

  /** Error conversion for one service, naming the endpoint that service talks to. */
  AwsErrors errors(String service) {
    boolean overridden = config.endpoint() != null;
    String label =
        switch (service) {
          case "cloudformation" -> "CloudFormation";
          case "ec2" -> "EC2";
          case "sts" -> "STS";
          default -> "S3";
        };
    return new AwsErrors(
        label,
        () -> overridden ? config.endpoint().toString() : defaultEndpoint(service),
        overridden,
        config.region().id(),
        config.credentials());
  }

  private String defaultEndpoint(String service) {
    Region region = config.region();
    try {
      return switch (service) {
        case "cloudformation" ->
            CloudFormationEndpointProvider.defaultProvider()
                .resolveEndpoint(p -> p.region(region))
                .join()
                .url()
                .toString();
        case "ec2" ->
            Ec2EndpointProvider.defaultProvider()
                .resolveEndpoint(p -> p.region(region))
                .join()
                .url()
                .toString();
        case "sts" ->
            StsEndpointProvider.defaultProvider()
                .resolveEndpoint(p -> p.region(region))
                .join()
                .url()
                .toString();
        default ->
            S3EndpointProvider.defaultProvider()
                .resolveEndpoint(p -> p.region(region))
                .join()
                .url()
                .toString();
      };
    } catch (RuntimeException e) {
      return "https://" + service + "." + region.id() + ".amazonaws.com";
    }
  }

  @Override
  public synchronized void close() {
    for (AutoCloseable client : new AutoCloseable[] {cloudFormation, ec2, s3, sts, http}) {
      if (client != null) {
        try {
          client.close();
        } catch (Exception e) {
          // Closing releases connections only; nothing to report to the user.
        }
      }
    }
  }
}
