package dev.statefulcluster.ops.roll;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.ops.core.Deadline;
import dev.statefulcluster.ops.core.Elapsed;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Before a node's instance is created again: its previous instance is gone and its network
 * interface and volume are free. AWS does not document that deleting an instance waits for it to be
 * terminated, and a delete that fails in the cleanup phase is tried three times, then the instance
 * is dropped from the stack and left running with the node's interface and volume, while the stack
 * still reaches UPDATE_COMPLETE. Creating the next instance then would fail on the interface in
 * use, after the update began; this says why first, and what to do.
 */
public final class NodeRelease {
  /** Termination normally takes a minute or two; past this something is wrong. */
  public static final Duration LIMIT = Duration.ofMinutes(15);

  private final Cloud cloud;
  private final Polling polling;
  private final Progress progress;

  public NodeRelease(Cloud cloud, Polling polling, Progress progress) {
    this.cloud = cloud;
    this.polling = polling;
    this.progress = progress;
  }

  /**
   * Waits until every node of {@code nodes} has its interface and volume free: one
   * DescribeNetworkInterfaces and one DescribeVolumes for all of them a poll (and one
   * DescribeInstances of what still holds one), however many nodes a step brings up. {@code enis}
   * and {@code volumes} by node number.
   */
  public void await(
      String cluster, List<Integer> nodes, Map<Integer, String> enis, Map<Integer, String> volumes)
      throws InterruptedException {
    if (nodes.isEmpty()) {
      return;
    }
    Map<String, Integer> owner = new HashMap<>();
    nodes.forEach(
        n -> {
          owner.put(enis.get(n), n);
          owner.put(volumes.get(n), n);
        });
    List<String> eniIds = nodes.stream().map(enis::get).toList();
    List<String> volumeIds = nodes.stream().map(volumes::get).toList();
    polling.until(
        new Polling.Condition<Boolean>() {
          private final Map<String, Integer> holders = new LinkedHashMap<>();
          private boolean said;

          @Override
          public Optional<Boolean> check() {
            holders.clear();
            boolean free = true;
            for (Ec2Api.NetworkInterface eni : cloud.ec2().describeNetworkInterfaces(eniIds)) {
              free &= "available".equals(eni.status());
              if (eni.instanceId() != null) {
                holders.put(eni.instanceId(), owner.get(eni.id()));
              }
            }
            for (Ec2Api.Volume v : cloud.ec2().describeVolumes(volumeIds)) {
              free &= "available".equals(v.state());
              v.attachments().forEach(a -> holders.put(a.instanceId(), owner.get(v.id())));
            }
            if (free && holders.isEmpty()) {
              return Optional.of(true);
            }
            for (Ec2Api.Instance i :
                holders.isEmpty()
                    ? List.<Ec2Api.Instance>of()
                    : cloud.ec2().describeInstances(holders.keySet())) {
              if (!i.state().equals("shutting-down") && !i.state().equals("terminated")) {
                throw stillRunning(holders.get(i.id()), i);
              }
            }
            return Optional.empty();
          }

          @Override
          public Boolean expired() {
            List<String> names = new ArrayList<>();
            holders.values().stream().distinct().forEach(n -> names.add(ClusterLayout.nodeName(n)));
            throw OpsException.failed(
                String.join(", ", names)
                    + ": network interface or volume still not free "
                    + Elapsed.format(LIMIT)
                    + " after the instance was removed (held by "
                    + holders.keySet()
                    + "); run the same command again once they are available");
          }

          @Override
          public void waiting() {
            if (!said) {
              progress.line(
                  "  waiting for the previous instances of %s to let go of their interfaces and"
                      + " volumes",
                  String.join(", ", nodes.stream().map(ClusterLayout::nodeName).toList()));
              said = true;
            }
          }
        },
        Deadline.reachedIn(cloud.ticker(), LIMIT));
  }

  private static OpsException stillRunning(int node, Ec2Api.Instance i) {
    return OpsException.failed(
        ClusterLayout.nodeName(node)
            + "'s previous instance "
            + i.id()
            + " is "
            + i.state()
            + " and still holds its network interface and volume:"
            + " CloudFormation could not delete it and dropped it from the stack. Terminate"
            + " it (if it has termination protection, lift it first: aws ec2"
            + " modify-instance-attribute --instance-id "
            + i.id()
            + " --no-disable-api-termination), then run the same command again; "
            + ClusterLayout.nodeName(node)
            + " runs on that instance until then");
  }
}
