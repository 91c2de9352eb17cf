package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.synth.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * destroy: deletes a cluster's stack, whose volumes CloudFormation snapshots on the way out
 * (DeletionPolicy Snapshot), then finds those final snapshots and says how to restore from them.
 */
public final class Destroyer {
  /** What each node leaves behind: where it was, and its data's final snapshot. */
  public record FinalSnapshot(int node, String subnet, String availabilityZone, String privateIp,
      String volumeId, String snapshotId, String state) {}

  private final Cloud cloud;
  private final Progress progress;
  private final StackWatcher watcher;

  public Destroyer(Cloud cloud, Polling polling, Progress progress) {
    this.cloud = cloud;
    this.progress = progress;
    this.watcher = new StackWatcher(cloud, polling, progress);
  }

  public List<FinalSnapshot> destroy(String name) throws InterruptedException {
    Stack stack = cloud.stacks().describeStack(name)
        .orElseThrow(() -> OpsException.notFound(name));
    if (stack.status().inProgress()) {
      progress.line("%s is %s: waiting for CloudFormation to finish first", name, stack.status());
      watcher.watch(name, watcher.mark(name), 0);
    }
    TemplateDocument template = TemplateDocument.parse(cloud.stacks().getTemplate(name));
    Map<Integer, String> volumes = StackNodes.of(cloud.stacks().listStackResources(name))
        .volumes();
    String mark = watcher.mark(name);
    cloud.stacks().setTerminationProtection(name, false);
    cloud.stacks().deleteStack(name);
    progress.line("deleting %s (%d resources); each data volume is snapshotted first", name,
        template.resources().size());
    StackWatcher.Outcome outcome = watcher.watch(stack.id(), mark, template.resources().size());
    Optional<Stack> after = outcome.stack();
    if (after.isPresent() && after.get().status() != dev.statefulcluster.cloud.StackStatus
        .DELETE_COMPLETE) {
      throw OpsException.failed("deleting " + name + " failed; the stack is "
          + after.get().status() + outcome.reasons());
    }
    return finalSnapshots(name, template, stack, volumes);
  }

  private List<FinalSnapshot> finalSnapshots(String name, TemplateDocument template, Stack stack,
      Map<Integer, String> volumeOfNode) {
    Map<String, Integer> nodeOfVolume = new HashMap<>();
    volumeOfNode.forEach((node, volume) -> nodeOfVolume.put(volume, node));
    Map<Integer, Ec2Api.Snapshot> byNode = new HashMap<>();
    for (Ec2Api.Snapshot s : cloud.ec2().findSnapshots(Map.of(Names.TAG_CLUSTER, name))) {
      Integer n = nodeOfVolume.get(s.volumeId());
      Ec2Api.Snapshot known = n == null ? null : byNode.get(n);
      if (n != null && (known == null || s.startTime().isAfter(known.startTime()))) {
        byNode.put(n, s);
      }
    }
    List<FinalSnapshot> out = new ArrayList<>();
    for (int n = 1; n <= template.nodeCount(); n++) {
      Ec2Api.Snapshot s = byNode.get(n);
      out.add(new FinalSnapshot(n, (String) template.property(Names.eni(n), "SubnetId"),
          (String) template.property(Names.volume(n), "AvailabilityZone"),
          stack.outputs().get(Names.privateIpOutput(n)), volumeOfNode.get(n),
          s == null ? null : s.id(), s == null ? "missing" : s.state()));
    }
    return out;
  }

  /** The cluster-file lines that bring every node back with its data and its address. */
  public static List<String> restoreLines(List<FinalSnapshot> snapshots) {
    List<String> lines = new ArrayList<>();
    lines.add("nodes:");
    for (FinalSnapshot s : snapshots) {
      lines.add("  - subnet: " + s.subnet() + "    # " + Names.nodeName(s.node()));
      lines.add("    availabilityZone: " + s.availabilityZone());
      if (s.privateIp() != null) {
        lines.add("    privateIp: " + s.privateIp());
      }
      if (s.snapshotId() != null) {
        lines.add("    snapshot: " + s.snapshotId());
      }
    }
    return lines;
  }
}
