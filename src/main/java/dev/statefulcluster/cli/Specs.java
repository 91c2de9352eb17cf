package dev.statefulcluster.cli;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.SpecReader;
import java.nio.file.Path;

/** Loading a cluster file for a command, with the look-ups it asks for. */
final class Specs {
  private Specs() {}

  static ClusterSpec load(Path file, boolean lookup, AwsOptions aws, Context context) {
    ClusterSpec spec = SpecReader.read(file);
    if (lookup) {
      spec = dev.statefulcluster.ops.SpecLookup.complete(spec,
          context.connector().connect(aws).ec2());
    }
    return spec;
  }
}
