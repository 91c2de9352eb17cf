package dev.statefulcluster.ops.roll;

import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.spec.ClusterSpec;
import java.time.Duration;
import java.util.List;

/**
 * A roll as asked for: what the nodes come up on, which nodes ({@code nodes} empty: all), how many
 * away at once, the health check from here (null: signals only) and how long a node may take to
 * pass it, whether only the plan is printed, and the user's bucket for templates (null: the tool's
 * own).
 */
public record RollOptions(
    RollTarget target,
    List<Integer> nodes,
    Batch batch,
    HealthCheck check,
    Duration checkTimeout,
    boolean dryRun,
    String s3Bucket) {

  static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofMinutes(10);

  public RollOptions {
    nodes = List.copyOf(nodes);
  }

  /** Every node onto {@code ami}, one at a time, signals only. */
  public static RollOptions to(String ami) {
    return of(new RollTarget.NewAmi(ami));
  }

  /** Every node's instance created again on the AMI it runs. */
  public static RollOptions recreate() {
    return of(new RollTarget.OwnAmi());
  }

  /** Every node's instance onto a completed cluster file's instance settings. */
  public static RollOptions toFile(ClusterSpec spec) {
    return of(new RollTarget.FileSettings(spec));
  }

  private static RollOptions of(RollTarget target) {
    return new RollOptions(
        target, List.of(), Batch.node(), null, DEFAULT_CHECK_TIMEOUT, false, null);
  }

  public RollOptions onNodes(List<Integer> selected) {
    return new RollOptions(target, selected, batch, check, checkTimeout, dryRun, s3Bucket);
  }

  public RollOptions by(Batch b) {
    return new RollOptions(target, nodes, b, check, checkTimeout, dryRun, s3Bucket);
  }

  /** Each node gated on {@code healthCheck} too (null: signals only). */
  public RollOptions gatedOn(HealthCheck healthCheck, Duration timeout) {
    return new RollOptions(target, nodes, batch, healthCheck, timeout, dryRun, s3Bucket);
  }

  public RollOptions dryRun(boolean planOnly) {
    return new RollOptions(target, nodes, batch, check, checkTimeout, planOnly, s3Bucket);
  }

  public RollOptions through(String bucket) {
    return new RollOptions(target, nodes, batch, check, checkTimeout, dryRun, bucket);
  }

  /** The new AMI, or null when each node keeps its own or rolls to a file's settings. */
  public String ami() {
    return target instanceof RollTarget.NewAmi n ? n.ami() : null;
  }

  /** Each node re-created on its own AMI and settings. */
  boolean ownAmi() {
    return target instanceof RollTarget.OwnAmi;
  }

  /** The cluster file whose settings the nodes roll to, or null. */
  ClusterSpec spec() {
    return target instanceof RollTarget.FileSettings f ? f.spec() : null;
  }

  /** What a plan says the roll does to {@code name}. */
  String heading(String name) {
    if (target instanceof RollTarget.FileSettings) {
      return "roll " + name + "'s instances to the file's settings";
    }
    return ownAmi()
        ? "re-create " + name + "'s instances, each on the AMI it runs"
        : "roll " + name + " to " + ami();
  }

  /** What gates each node, for the plan's heading. */
  String gates() {
    return check == null
        ? " (each node gated on its signal)"
        : " (each node gated on its signal and on " + check.describe() + ")";
  }

  /** What the nodes come up on, for messages. */
  String describeTarget() {
    if (target instanceof RollTarget.FileSettings) {
      return "the file's instance settings";
    }
    return ownAmi() ? "the AMI it ran" : ami();
  }
}
