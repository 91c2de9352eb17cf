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
              m == null ? "-" : m.state()));
    }
    return new ClusterStatus(
        stack.name(),
        stack.status(),
        stack.statusReason(),
        ClusterStack.nodeDownValue(stack.parameters()),
        nodes,
        events == 0 ? List.of() : cloud.stacks().describeStackEvents(name, events));
  }

  private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
    return items.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a));
  }
}
