package dev.statefulcluster.cli;

import dev.statefulcluster.ops.Deployer;
import picocli.CommandLine.Option;

/** What deploy and plan take besides the file: where large templates go, what to restore. */
final class TemplateOptions {
  @Option(
      names = "--s3-bucket",
      paramLabel = "BUCKET",
      converter = OptionValues.BucketName.class,
      description =
          "Send a template over 51,200 bytes through this S3 bucket"
              + " (default: stateful-cluster-templates-ACCOUNT-REGION, created when first needed)")
  String s3Bucket;

  @Option(
      names = "--from-snapshots",
      paramLabel = "SET",
      converter = OptionValues.SnapshotSet.class,
      description =
          "Create the volumes from a snapshot set (its name, as 'snapshot' prints it,"
              + " or snap-…,snap-… in node order, as 'destroy' prints them)")
  String fromSnapshots;

  Deployer.Options toOptions() {
    return new Deployer.Options(s3Bucket, fromSnapshots);
  }
}
