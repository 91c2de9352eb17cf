package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.synth.ClusterLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a cluster's state in a fixed number of calls whatever its size: the stack, its resources,
 * its template, and one describe call each for instances, volumes and volume modifications.
 */
public final class StatusReader {
  private final Cloud cloud;

  public StatusReader(Cloud cloud) {
    this.cloud = cloud;
  }

  public ClusterStatus read(String name, int events) {
    ClusterStack cluster = new ClusterStack(cloud, name);
    Stack stack = cluster.describeOrNotFound();
    StackNodes ids = StackNodes.of(cloud.stacks().listStackResources(name));
    int count = 0;
    while (ids.enis().containsKey(count + 1) || ClusterStack.hasEniOutput(stack, count + 1)) {
      count++;
    }
    List<String> instanceIds = List.copyOf(ids.instances().values());
    List<String> volumeIds = List.copyOf(ids.volumes().values());
    Map<String, Ec2Api.Instance> instances =
        byId(
            instanceIds.isEmpty() ? List.of() : cloud.ec2().describeInstances(instanceIds),
            Ec2Api.Instance::id);
    Map<String, Ec2Api.Volume> volumes =
        byId(
            volumeIds.isEmpty() ? List.of() : cloud.ec2().describeVolumes(volumeIds),
            Ec2Api.Volume::id);
    Map<String, Ec2Api.VolumeModification> mods =
        byId(
            volumeIds.isEmpty() ? List.of() : cloud.ec2().describeVolumesModifications(volumeIds),
            Ec2Api.VolumeModification::volumeId);
    TemplateDocument template = cluster.template();
    List<NodeStatus> nodes = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      String instanceId = ids.instances().get(n);
      String volumeId = ids.volumes().get(n);
      Ec2Api.Instance i = instances.get(instanceId);
      Ec2Api.Volume v = volumes.get(volumeId);
      Ec2Api.VolumeModification m = mods.get(volumeId);
      nodes.add(
          new NodeStatus(
              n,
              ClusterLayout.nodeName(n),
              ClusterStack.privateIp(stack, n),
              ids.enis().getOrDefault(n, ClusterStack.eniId(stack, n)),
              instanceId,
              i == null ? "down" : i.state(),
              i == null ? ClusterStack.image(stack.parameters(), n) : i.imageId(),
              volumeId,
              v == null ? null : v.size(),
              ClusterStack.volumeSize(template, n),
              v == null ? null : v.volumeType(),
              v == null ? null : v.iops(),
              v == null ? null : v.throughput(),
              m == null ? "-" : m.state(),
              drift(stack, template, n, instanceId, i)));
    }
    return new ClusterStatus(
        stack.name(),
        stack.status(),
        stack.statusReason(),
        ClusterStack.nodeDownValue(stack.parameters()),
        nodes,
        events == 0 ? List.of() : cloud.stacks().describeStackEvents(name, events));
  }

  /**
   * How a node's instance differs from what the stack expects, or null. CloudFormation does not
   * notice an instance terminated, stopped or changed behind its back; only a new instance
   * (replace) puts the node back as the stack says.
   */
  static String drift(
      Stack stack, TemplateDocument template, int n, String instanceId, Ec2Api.Instance i) {
    if (instanceId == null) {
      return ClusterStack.nodeDown(stack.parameters()) == n
          ? null
          : "has no instance, though no roll took it away";
    }
    if (i == null) {
      return "its instance " + instanceId + " no longer exists";
    }
    if (i.state().equals("terminated") || i.state().equals("shutting-down")) {
      return "its instance " + instanceId + " was terminated outside CloudFormation";
    }
    if ((i.state().equals("stopped") || i.state().equals("stopping"))
        && !stack.status().inProgress()) {
      return "its instance " + instanceId + " is " + i.state() + " outside CloudFormation";
    }
    String ami = ClusterStack.image(stack.parameters(), n);
    if (ami != null && !ami.equals(i.imageId())) {
      return "its instance runs " + i.imageId() + ", the stack says " + ami;
    }
    Object type = ClusterStack.instanceType(template);
    if (type != null && !type.equals(i.instanceType())) {
      return "its instance is a " + i.instanceType() + ", the template says " + type;
    }
    return null;
  }

  private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
    return items.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a));
  }
}
