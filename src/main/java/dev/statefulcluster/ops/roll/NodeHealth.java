package dev.statefulcluster.ops.roll;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.ops.core.Deadline;
import dev.statefulcluster.ops.core.Elapsed;
import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The roll's health gate, run from where the tool runs. A node counts as out of service while its
 * instance is away and while it fails the check, so before a node is taken away every other node
 * must pass: a node that came up on a new AMI and never passed (the roll stopped there, or the tool
 * was killed) is found again by asking it, whatever an earlier run knew. Nothing about it is kept
 * anywhere, so nothing about it can be lost.
 */
public final class NodeHealth {
  private final Cloud cloud;
  private final Polling polling;
  private final Progress progress;
  private final HealthCheck check;
  private final Duration timeout;

  public NodeHealth(
      Cloud cloud, Polling polling, Progress progress, HealthCheck check, Duration timeout) {
    this.cloud = cloud;
    this.polling = polling;
    this.progress = progress;
    this.check = check;
    this.timeout = timeout;
  }

  public String describe() {
    return check.describe();
  }

  /**
   * Waits, up to the timeout, until every node of {@code nodes} passes; {@code addresses} by node
   * number. Throws, naming the first node that does not pass, with {@code why} saying what the roll
   * would have done next.
   */
  public void await(Collection<Integer> nodes, Map<Integer, String> addresses, String why)
      throws InterruptedException {
    for (int node : nodes) {
      String ip = addresses.get(node);
      polling.until(
          new Polling.Condition<Boolean>() {
            @Override
            public Optional<Boolean> check() throws InterruptedException {
              return check.probe(ClusterLayout.nodeName(node), ip)
                  ? Optional.of(true)
                  : Optional.empty();
            }

            @Override
            public Boolean expired() {
              throw OpsException.failed(
                  ClusterLayout.nodeName(node)
                      + " ("
                      + ip
                      + ") fails "
                      + check.describe()
                      + " after "
                      + Elapsed.format(timeout)
                      + "; "
                      + why);
            }
          },
          Deadline.reachedIn(cloud.ticker(), timeout));
    }
  }

  public void passed(Collection<Integer> nodes) {
    if (!nodes.isEmpty()) {
      progress.line(
          "  %s pass%s %s",
          String.join(", ", nodes.stream().map(ClusterLayout::nodeName).toList()),
          nodes.size() == 1 ? "es" : "",
          check.describe());
    }
  }
}
