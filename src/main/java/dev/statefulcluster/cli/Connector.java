package dev.statefulcluster.cli;

import dev.statefulcluster.cloud.Cloud;

/** Turns the AWS options of a command line into a {@link Cloud}. */
@FunctionalInterface
public interface Connector {
  Cloud connect(AwsOptions options);

  /** The real AWS, through the SDK; loaded only when a command needs AWS. */
  static Connector aws() {
    return options -> {
      throw new CliException(ExitCode.AWS, "AWS access is not built into this version yet");
    };
  }
}
