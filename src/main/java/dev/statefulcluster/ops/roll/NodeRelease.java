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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

  public void await(String cluster, int node, String eniId, String volumeId)
      throws InterruptedException {
    polling.until(
        new Polling.Condition<Boolean>() {
          private Set<String> holders = Set.of();
          private boolean said;

          @Override
          public Optional<Boolean> check() {
            holders = new LinkedHashSet<>();
            boolean free = true;
            for (Ec2Api.NetworkInterface eni :
                cloud.ec2().describeNetworkInterfaces(List.of(eniId))) {
              free &= "available".equals(eni.status());
              if (eni.instanceId() != null) {
                holders.add(eni.instanceId());
              }
            }
            for (Ec2Api.Volume v : cloud.ec2().describeVolumes(List.of(volumeId))) {
              free &= "available".equals(v.state());
              v.attachments().forEach(a -> holders.add(a.instanceId()));
            }
            if (free && holders.isEmpty()) {
              return Optional.of(true);
            }
            for (Ec2Api.Instance i :
                holders.isEmpty()
                    ? List.<Ec2Api.Instance>of()
                    : cloud.ec2().describeInstances(holders)) {
              if (!i.state().equals("shutting-down") && !i.state().equals("terminated")) {
                throw stillRunning(node, i);
              }
            }
            return Optional.empty();
          }

          @Override
          public Boolean expired() {
            throw OpsException.failed(
                ClusterLayout.nodeName(node)
                    + "'s network interface "
                    + eniId
                    + " or volume "
                    + volumeId
                    + " is still not free "
                    + Elapsed.format(LIMIT)
                    + " after its instance was removed (held by "
                    + holders
                    + "); run the same command"
                    + " again once they are available");
          }

          @Override
          public void waiting() {
            if (!said) {
              progress.line(
                  "  waiting for %s's previous instance to let go of its interface and" + " volume",
                  ClusterLayout.nodeName(node));
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
