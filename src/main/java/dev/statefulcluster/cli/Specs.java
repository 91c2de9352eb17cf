package dev.statefulcluster.cli;

import dev.statefulcluster.ops.SpecLookup;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.SpecReader;
import java.nio.file.Path;

/** Loading a cluster file for a command, with the look-ups it asks for. */
final class Specs {
  private Specs() {}

  static ClusterSpec load(Path file, boolean lookup, AwsSession aws) {
    ClusterSpec spec = SpecReader.read(file);
    if (lookup) {
      spec = SpecLookup.complete(spec, aws.cloud().ec2());
    }
    return spec;
  }
}
