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
 * its template, and one describe call each for instances, instance status, volumes and volume
 * modifications.
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
    Map<String, Ec2Api.InstanceStatus> checks =
        byId(
            instanceIds.isEmpty() ? List.of() : cloud.ec2().describeInstanceStatus(instanceIds),
            Ec2Api.InstanceStatus::instanceId);
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
      Ec2Api.InstanceStatus c = instanceId == null ? null : checks.get(instanceId);
      List<Ec2Api.ScheduledEvent> scheduled =
          c == null
              ? List.of()
              : c.events().stream().filter(Ec2Api.ScheduledEvent::pending).toList();
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
              c == null ? null : c.systemStatus(),
              c == null ? null : c.instanceStatus(),
              scheduled,
              drift(stack, template, n, instanceId, i, c)));
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
   * notice an instance terminated, stopped, failing its status checks or changed behind its back;
   * only a new instance (replace) puts the node back as the stack says, on another host. A
   * scheduled retirement or reboot is repaired the same way, at a time the operator chooses.
   */
  static String drift(
      Stack stack,
      TemplateDocument template,
      int n,
      String instanceId,
      Ec2Api.Instance i,
      Ec2Api.InstanceStatus checks) {
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
    if (i.state().equals("stopped") || i.state().equals("stopping")) {
      // A stop and start CloudFormation makes (a type change) shows while the stack is updating.
      return stack.status().inProgress()
          ? null
          : "its instance " + instanceId + " is " + i.state() + " outside CloudFormation";
    }
    List<String> found = new ArrayList<>();
    if (checks != null && "impaired".equals(checks.systemStatus())) {
      found.add("its instance fails EC2's system status check (its host)");
    }
    if (checks != null && "impaired".equals(checks.instanceStatus())) {
      found.add("its instance fails EC2's instance status check");
    }
    String ami = ClusterStack.image(stack.parameters(), n);
    if (ami != null && !ami.equals(i.imageId())) {
      found.add("its instance runs " + i.imageId() + ", the stack says " + ami);
    }
    String type = ClusterStack.instanceType(template, n);
    if (type != null && !type.equals(i.instanceType())) {
      found.add("its instance is a " + i.instanceType() + ", the template says " + type);
    }
    if (checks != null) {
      for (Ec2Api.ScheduledEvent e : checks.events()) {
        if (e.pending()) {
          found.add(
              "EC2 scheduled "
                  + e.code()
                  + (e.notBefore() == null ? "" : " from " + e.notBefore())
                  + (e.description() == null ? "" : " (" + e.description() + ")"));
        }
      }
    }
    return found.isEmpty() ? null : String.join("; ", found);
  }

  private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
    return items.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a));
  }
}
