package dev.statefulcluster.cli;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.aws.AwsCloud;
import dev.statefulcluster.cloud.aws.AwsSettings;

/** Turns the AWS options of a command line into a {@link Cloud}. */
@FunctionalInterface
public interface Connector {
  Cloud connect(AwsOptions options);

  /** The real AWS, through the SDK; its classes load only when a command needs AWS. */
  static Connector aws() {
    return options ->
        AwsCloud.create(
            new AwsSettings(options.region(), options.profile(), options.endpointUrl()));
  }
}
