package dev.statefulcluster.cloud.aws;

import dev.statefulcluster.cloud.CloudException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/**
 * Finds the region and credentials the way the AWS CLI does: an explicit {@code --region} or {@code
 * --profile} wins, then the environment ({@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code
 * AWS_ACCESS_KEY_ID}…, {@code AWS_PROFILE}), then the profile in the shared config and credentials
 * files, then what an EC2 instance knows about itself. The environment, the files and the instance
 * metadata are passed in, so tests can give their own.
 */
final class SettingsResolver {

  /** Code of the error raised when no region can be found anywhere. */
  static final String MISSING_REGION = "MissingRegion";

  /** Code of the error raised when the region found is not a region name. */
  static final String INVALID_REGION = "InvalidRegion";

  private final Map<String, String> env;
  private final Supplier<ProfileFile> profiles;
  private final Supplier<Optional<String>> instanceRegion;

  SettingsResolver(
      Map<String, String> env,
      Supplier<ProfileFile> profiles,
      Supplier<Optional<String>> instanceRegion) {
    this.env = env;
    this.profiles = profiles;
    this.instanceRegion = instanceRegion;
  }

  Region region(AwsSettings settings) {
    if (settings.region() != null) {
      return Region.of(settings.region());
    }
    // Each value with the place it came from, so that a bad one can be traced to it.
    String profile = profileName(settings);
    Optional<Setting> found =
        env("AWS_REGION")
            .map(v -> new Setting(v, "AWS_REGION"))
            .or(() -> env("AWS_DEFAULT_REGION").map(v -> new Setting(v, "AWS_DEFAULT_REGION")))
            .or(
                () ->
                    profiles
                        .get()
                        .profile(profile)
                        .flatMap(p -> p.property("region"))
                        .map(v -> new Setting(v, "profile '" + profile + "' of " + configFile())))
            .or(() -> instanceRegion.get().map(v -> new Setting(v, "the instance metadata")));
    Setting region =
        found.orElseThrow(
            () ->
                new CloudException(
                    MISSING_REGION,
                    "no AWS region given; pass --region, set AWS_REGION, or set 'region' in profile"
                        + " '"
                        + profile
                        + "' of "
                        + configFile(),
                    false));
    if (!AwsSettings.isRegionName(region.value())) {
      throw new CloudException(
          INVALID_REGION,
          "the region '"
              + region.value()
              + "' from "
              + region.place()
              + " is not a region name; correct it or pass --region, such as --region eu-west-1",
          false);
    }
    return Region.of(region.value());
  }

  /** A setting's value and where it was found. */
  private record Setting(String value, String place) {}

  CredentialSource credentials(AwsSettings settings) {
    if (settings.profile() != null) {
      return profile(settings.profile(), "--profile");
    }
    Optional<String> accessKey = env("AWS_ACCESS_KEY_ID");
    Optional<String> secretKey = env("AWS_SECRET_ACCESS_KEY");
    if (accessKey.isPresent() && secretKey.isPresent()) {
      Optional<String> token = env("AWS_SESSION_TOKEN");
      var credentials =
          token.isPresent()
              ? AwsSessionCredentials.create(accessKey.get(), secretKey.get(), token.get())
              : AwsBasicCredentials.create(accessKey.get(), secretKey.get());
      return new CredentialSource(
          StaticCredentialsProvider.create(credentials),
          "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    Optional<String> envProfile = env("AWS_PROFILE");
    if (envProfile.isPresent()) {
      return profile(envProfile.get(), "AWS_PROFILE");
    }
    return new CredentialSource(
        DefaultCredentialsProvider.builder().profileFile(profiles).build(),
        "the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE), profile 'default' in "
            + credentialsFile()
            + " or "
            + configFile()
            + ", web identity, container or instance role");
  }

  private CredentialSource profile(String name, String from) {
    if (profiles.get().profile(name).isEmpty()) {
      throw new CloudException(
          CloudException.CREDENTIALS,
          "profile '"
              + name
              + "' ("
              + from
              + ") is not in "
              + configFile()
              + " or "
              + credentialsFile()
              + "; run 'aws configure --profile "
              + name
              + "' or name another profile",
          false);
    }
    return new CredentialSource(
        ProfileCredentialsProvider.builder().profileFile(profiles).profileName(name).build(),
        "profile '" + name + "' (" + from + ")");
  }

  private String profileName(AwsSettings settings) {
    return settings.profile() != null ? settings.profile() : env("AWS_PROFILE").orElse("default");
  }

  private String configFile() {
    return env("AWS_CONFIG_FILE").orElse("~/.aws/config");
  }

  private String credentialsFile() {
    return env("AWS_SHARED_CREDENTIALS_FILE").orElse("~/.aws/credentials");
  }

  private Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }
}
