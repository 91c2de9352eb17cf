package dev.statefulcluster.ops.cluster;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NodeLayout;
import dev.statefulcluster.synth.NodeSettings;
import dev.statefulcluster.synth.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A cluster's deployed stack as operations read and change it: node state by node number, the
 * parameters that change it, its template. Every name of the template comes from {@link
 * ClusterLayout}; each method makes at most the one call its name says, so call counts stay as the
 * operations make them.
 */
public final class ClusterStack {
  private final Cloud cloud;
  private final String name;

  public ClusterStack(Cloud cloud, String name) {
    this.cloud = cloud;
    this.name = name;
  }

  /** The stack as it stands (one DescribeStacks). */
  public Optional<Stack> describe() {
    return cloud.stacks().describeStack(name);
  }

  /** The stack as it stands, or the operation's "not found" (one DescribeStacks). */
  public Stack describeOrNotFound() {
    return describe().orElseThrow(() -> OpsException.notFound(name));
  }

  /** The deployed template (one GetTemplate). */
  public TemplateDocument template() {
    return TemplateDocument.parse(cloud.stacks().getTemplate(name));
  }

  /**
   * The stacks of a cluster laid out over several, by logical id in the parent ({@link
   * ClusterLayout#networkStack}, {@link ClusterLayout#nodesStack}) with their stack ids, from the
   * parent's resources; empty for a single-stack cluster.
   */
  public static Map<String, String> children(List<StackResource> parentResources) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (StackResource r : parentResources) {
      if (r.nestedStack() && r.physicalId() != null && !r.physicalId().isEmpty()) {
        out.put(r.logicalId(), r.physicalId());
      }
    }
    return out.containsKey(ClusterLayout.networkStack(1)) ? out : Map.of();
  }

  /**
   * The per-node resources of every child stack, by node number: one ListStackResources (all pages)
   * per child.
   */
  public StackNodes childNodes(Map<String, String> children) {
    List<StackResource> all = new ArrayList<>();
    for (String child : children.values()) {
      all.addAll(cloud.stacks().listStackResources(child));
    }
    return StackNodes.of(all);
  }

  /**
   * The per-node resources of the children that hold the volumes and instances ({@link
   * ClusterLayout#nodesStack}), by node number: one ListStackResources (all pages) per such child.
   */
  public StackNodes nodesChildNodes(Map<String, String> children) {
    Map<String, String> nodes = new java.util.LinkedHashMap<>();
    for (int g = 1; children.containsKey(ClusterLayout.nodesStack(g)); g++) {
      nodes.put(ClusterLayout.nodesStack(g), children.get(ClusterLayout.nodesStack(g)));
    }
    return childNodes(nodes);
  }

  /** A child stack as it stands (one DescribeStacks), or the operation's "not found". */
  public Stack describeChild(String stackId) {
    return cloud.stacks().describeStack(stackId).orElseThrow(() -> OpsException.notFound(name));
  }

  /** A child stack's deployed template (one GetTemplate). */
  public TemplateDocument childTemplate(String stackId) {
    return TemplateDocument.parse(cloud.stacks().getTemplate(stackId));
  }

  /** The value of the parameter naming the node that is away, "none" when none is. */
  public static String nodeDownValue(Map<String, String> parameters) {
    return parameters.getOrDefault(ClusterLayout.nodeDownParameter(), ClusterLayout.noneDown());
  }

  /** The node whose instance is away, 0 when every instance exists. */
  public static int nodeDown(Map<String, String> parameters) {
    return ClusterLayout.downNode(parameters.get(ClusterLayout.nodeDownParameter()));
  }

  /** Whether every node's instance exists. */
  public static boolean allUp(Map<String, String> parameters) {
    return ClusterLayout.noneDown().equals(nodeDownValue(parameters));
  }

  /** The AMI node {@code n} runs (or will run), from the stack's parameters. */
  public static String image(Map<String, String> parameters, int n) {
    return parameters.get(ClusterLayout.node(n).imageParameter());
  }

  /** Whether the stack's parameters have node {@code n}. */
  public static boolean hasNode(Map<String, String> parameters, int n) {
    return parameters.containsKey(ClusterLayout.node(n).imageParameter());
  }

  /**
   * The snapshot node {@code n}'s volume came from, "" when it started blank: its parameter in a
   * stack deployed with one, else the volume's SnapshotId as the deployed template writes it.
   */
  public static String snapshot(Map<String, String> parameters, TemplateDocument deployed, int n) {
    String parameter = parameters.get(ClusterLayout.node(n).snapshotParameter());
    if (parameter != null) {
      return parameter;
    }
    return deployed.value(ClusterLayout.node(n).snapshot()) instanceof String s ? s : "";
  }

  /**
   * Node {@code n}'s private IP, from the stack's outputs: the node's own output (a group's network
   * stack, and single stacks deployed by earlier versions), else its place in the address list.
   */
  public static String privateIp(Stack stack, int n) {
    String own = stack.outputs().get(ClusterLayout.node(n).privateIpOutput());
    return own != null ? own : addresses(stack).get(n);
  }

  /** Every node's private IP the stack's outputs give, by node number. */
  public static Map<Integer, String> addresses(Stack stack) {
    Map<Integer, String> out = new TreeMap<>();
    String list = stack.outputs().get(ClusterLayout.addressesOutput());
    if (list != null && !list.isEmpty()) {
      String[] ips = list.split(",", -1);
      for (int i = 0; i < ips.length; i++) {
        out.put(i + 1, ips[i]);
      }
    }
    stack
        .outputs()
        .forEach(
            (key, value) -> {
              if (ClusterLayout.isPrivateIpOutput(key)) {
                out.put(ClusterLayout.nodeOf(key), value);
              }
            });
    return out;
  }

  /** The parameter that runs node {@code n} on {@code ami}. */
  public static Parameter setImage(int n, String ami) {
    return Parameter.of(ClusterLayout.node(n).imageParameter(), ami);
  }

  /** The parameter that takes node {@code n} away, or brings every node up for 0. */
  public static Parameter setNodeDown(int n) {
    return Parameter.of(ClusterLayout.nodeDownParameter(), ClusterLayout.downValue(n));
  }

  /** The parameter that takes the instances a NodeDown value names away. */
  public static Parameter setNodeDown(String value) {
    return Parameter.of(ClusterLayout.nodeDownParameter(), value);
  }

  /**
   * The nodes whose instances the stack's NodeDown takes away: the node it names, or every node of
   * the zone it names; empty when none.
   */
  public static List<Integer> nodesAway(Map<String, String> parameters, TemplateDocument t) {
    String value = nodeDownValue(parameters);
    List<Integer> out = new ArrayList<>();
    for (int n = 1; n <= t.nodeCount(); n++) {
      if (value.equals(ClusterLayout.downValue(n))
          || value.equals(ClusterLayout.zoneDownValue(zone(t, n)))) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * The settings node {@code n}'s instance was launched with, as the deployed template says; {@code
   * unknown} for what a template written before they were marked cannot say.
   */
  public static NodeSettings settings(TemplateDocument template, int n, NodeSettings unknown) {
    @SuppressWarnings("unchecked")
    Map<String, Object> resource =
        (Map<String, Object>) template.resources().get(ClusterLayout.node(n).instance());
    return ClusterLayout.settings(resource == null ? Map.of() : resource, unknown);
  }

  /** The parameter that keeps node {@code n}'s AMI as deployed. */
  public static Parameter keepImage(int n) {
    return Parameter.previous(ClusterLayout.node(n).imageParameter());
  }

  /** The parameter that keeps whichever node is away, away. */
  public static Parameter keepNodeDown() {
    return Parameter.previous(ClusterLayout.nodeDownParameter());
  }

  /**
   * The nodes whose instances run with user data of the previous template shape, and that user
   * data: deploy keeps it, as changing it would stop and start every such instance at once.
   */
  public static Map<Integer, Object> previousUserData(TemplateDocument deployed) {
    Map<Integer, Object> out = new java.util.TreeMap<>();
    for (NodeLayout node : deployed.layout().nodes()) {
      if (deployed.hasResource(node.instance())) {
        Object userData = deployed.value(node.userData());
        if (ClusterLayout.isPreviousUserData(userData, node.number())) {
          out.put(node.number(), userData);
        }
      }
    }
    return out;
  }

  /** The instance type the template runs (every node runs the same: node 1's). */
  public static Object instanceType(TemplateDocument template) {
    return template.value(ClusterLayout.node(1).instanceType());
  }

  /**
   * The instance type node {@code n}'s instance has in the template; null when the template gives
   * none or gives it through a function (a parameter, a condition) rather than as a value.
   */
  public static String instanceType(TemplateDocument template, int n) {
    return template.value(ClusterLayout.node(n).instanceType()) instanceof String type
        ? type
        : null;
  }

  /** The subnet of node {@code n}'s ENI in the template. */
  public static String subnet(TemplateDocument template, int n) {
    return (String) template.value(ClusterLayout.node(n).subnet());
  }

  /** The availability zone of node {@code n}'s volume in the template. */
  public static String zone(TemplateDocument template, int n) {
    return (String) template.value(ClusterLayout.node(n).zone());
  }

  /** A whole-number setting's value in the template, null when unset. */
  public static Integer number(TemplateDocument template, Setting setting) {
    return template.value(setting) == null ? null : ((Number) template.value(setting)).intValue();
  }

  /** Node {@code n}'s data volume size in the template, null when it has none. */
  public static Integer volumeSize(TemplateDocument template, int n) {
    NodeLayout node = ClusterLayout.node(n);
    if (!template.hasResource(node.volume())) {
      return null;
    }
    return template.value(node.volumeSize()) instanceof Number size ? size.intValue() : null;
  }
}
