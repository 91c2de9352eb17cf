package dev.statefulcluster.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The AWS settings every cloud command takes, spelled as the AWS CLI spells them. */
public final class AwsOptions {
  @Option(names = "--region", paramLabel = "REGION",
      description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's)")
  String region;

  @Option(names = "--profile", paramLabel = "NAME",
      description = "Named profile from ~/.aws/config and ~/.aws/credentials (default:"
          + " AWS_PROFILE, then 'default')")
  String profile;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "Send every AWS call to this endpoint, e.g. a local emulator")
  URI endpointUrl;

  public String region() {
    return region;
  }

  public String profile() {
    return profile;
  }

  public URI endpointUrl() {
    return endpointUrl;
  }
}
