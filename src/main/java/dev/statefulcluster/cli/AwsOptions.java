package dev.statefulcluster.cli;

import dev.statefulcluster.cloud.aws.AwsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The AWS settings every cloud command takes, spelled as the AWS CLI spells them. Each value is
 * checked as the command line is read, so a bad one is a usage error (exit 2) before anything is
 * read or called.
 */
public final class AwsOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  private String region;
  private String profile;
  private URI endpointUrl;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's)")
  void region(String value) {
    check(() -> new AwsSettings(value, null, null));
    region = value;
  }

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "Named profile from ~/.aws/config and ~/.aws/credentials (default:"
              + " AWS_PROFILE, then 'default')")
  void profile(String value) {
    profile = value;
  }

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description = "Send every AWS call to this endpoint, e.g. a local emulator")
  void endpointUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new ParameterException(
          command.commandLine(),
          "--endpoint-url '" + value + "' is not a URL; use one such as http://localhost:4566");
    }
    check(() -> new AwsSettings(null, null, uri));
    endpointUrl = uri;
  }

  /** AwsSettings holds the rules; its complaint becomes a usage error. */
  private void check(Runnable settings) {
    try {
      settings.run();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
  }

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
