package dev.statefulcluster.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
  @Option(names = "--stacktrace", description = "On an unexpected error, print its stack trace")
  boolean stacktrace;
}
