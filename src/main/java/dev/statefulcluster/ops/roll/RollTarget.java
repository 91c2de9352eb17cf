package dev.statefulcluster.ops.roll;

import dev.statefulcluster.spec.ClusterSpec;

/** What a roll brings each selected node's new instance up on. */
public sealed interface RollTarget {
  /** A new AMI for every selected node ({@code roll --ami}). */
  record NewAmi(String ami) implements RollTarget {}

  /** The AMI each node runs: a fresh instance on a fresh host ({@code roll}, {@code replace}). */
  record OwnAmi() implements RollTarget {}

  /**
   * A completed cluster file's instance settings (instance type, key pair, root volume, OS,
   * bootstrap, health command): deploy's roll of instance changes. Each update's template is the
   * file's, with the nodes not yet rolled kept on the settings they were launched with.
   */
  record FileSettings(ClusterSpec spec) implements RollTarget {}
}
