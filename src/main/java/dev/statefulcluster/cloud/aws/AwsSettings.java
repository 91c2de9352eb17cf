package dev.statefulcluster.cloud.aws;

import java.net.URI;

/**
 * Where and as whom to reach AWS, as given on the command line; every field is optional (null) and
 * falls back the way the AWS CLI does (see {@link AwsCloud#create}). Plain JDK on purpose: building
 * settings must not load the SDK.
 *
 * @param region {@code --region}, e.g. eu-west-1
 * @param profile {@code --profile}, a profile of ~/.aws/config and ~/.aws/credentials
 * @param endpointUrl {@code --endpoint-url}, one endpoint for CloudFormation, EC2 and S3 (a local
 *     emulator such as LocalStack)
 */
public record AwsSettings(String region, String profile, URI endpointUrl) {

  public AwsSettings {
    region = blankToNull(region);
    profile = blankToNull(profile);
    if (region != null && !isRegionName(region)) {
      throw new IllegalArgumentException(
          "--region '" + region + "' is not a region name; use one such as eu-west-1");
    }
    if (endpointUrl != null) {
      String scheme = endpointUrl.getScheme();
      if (!endpointUrl.isAbsolute()
          || endpointUrl.getHost() == null
          || !("http".equals(scheme) || "https".equals(scheme))) {
        throw new IllegalArgumentException(
            "--endpoint-url '"
                + endpointUrl
                + "' is not an http:// or https:// URL; use one such as http://localhost:4566");
      }
    }
  }

  /** Lower-case words and digits joined by hyphens, as every AWS region is named. */
  public static boolean isRegionName(String region) {
    return region.matches("[a-z0-9-]+");
  }

  /** Nothing given: everything comes from the environment and the shared config files. */
  public static AwsSettings defaults() {
    return new AwsSettings(null, null, null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
