package dev.statefulcluster.ops.cluster;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.stack.StackWatcher;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NodeLayout;
import dev.statefulcluster.synth.NodeSettings;
import dev.statefulcluster.synth.NodeValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deployed cluster as its stacks say it is, on either layout: one stack, or a parent with a
 * network and a nodes stack per group (docs/template-design.md). Each node's zone, subnet, AMI,
 * launch settings, interface, volume and instance, its address, and what NodeDown takes away are
 * asked of this, never of a stack directly, so an operation is written once for both layouts.
 *
 * <p>Read in a few calls that grow with the stacks, not the nodes: the cluster stack's template and
 * resources; for a nested cluster, each child's template and resources when first asked for.
 */
public final class DeployedCluster {
  private final Cloud cloud;
  private final Stack stack;
  private final String rootBody;
  private final TemplateDocument root;
  private final List<StackResource> rootResources;
  private final ClusterLayout layout;
  private final Map<String, String> children;
  private final Map<String, String> childBodies = new HashMap<>();
  private final Map<String, TemplateDocument> childTemplates = new HashMap<>();
  private final Map<Integer, NodeValues> parentValues;
  private StackNodes ids;
  private Map<Integer, String> addresses;

  private DeployedCluster(
      Cloud cloud, Stack stack, String rootBody, List<StackResource> rootResources) {
    this.cloud = cloud;
    this.stack = stack;
    this.rootBody = rootBody;
    this.root = TemplateDocument.parse(rootBody);
    this.rootResources = List.copyOf(rootResources);
    this.children = ClusterStack.children(rootResources);
    this.parentValues = children.isEmpty() ? Map.of() : ClusterLayout.settingsOf(root.root());
    this.layout =
        children.isEmpty()
            ? ClusterLayout.of(root.nodeCount())
            : ClusterLayout.ofTemplate(root.root());
  }

  /** The cluster whose stack is {@code stack}: its template and resources (two calls). */
  public static DeployedCluster read(Cloud cloud, Stack stack) {
    return new DeployedCluster(
        cloud,
        stack,
        cloud.stacks().getTemplate(stack.name()),
        cloud.stacks().listStackResources(stack.name()));
  }

  /** The cluster named {@code name} (three calls), or the operation's "not found". */
  public static DeployedCluster read(Cloud cloud, String name) {
    return read(cloud, new ClusterStack(cloud, name).describeOrNotFound());
  }

  public String name() {
    return stack.name();
  }

  /** The cluster's stack (the parent of a nested cluster) as it was read. */
  public Stack stack() {
    return stack;
  }

  public ClusterLayout layout() {
    return layout;
  }

  public boolean nested() {
    return layout.isNested();
  }

  public int nodeCount() {
    return layout.nodeCount();
  }

  /** Nodes 1 to {@link #nodeCount}. */
  public List<Integer> nodes() {
    List<Integer> out = new ArrayList<>();
    for (int n = 1; n <= nodeCount(); n++) {
      out.add(n);
    }
    return out;
  }

  /** The cluster stack's deployed template (the parent's, for a nested cluster). */
  public TemplateDocument template() {
    return root;
  }

  /** The cluster stack's deployed template as CloudFormation returned it. */
  public String templateBody() {
    return rootBody;
  }

  /** The child stacks by logical id, with their stack ids; empty for a single stack. */
  public Map<String, String> children() {
    return Collections.unmodifiableMap(children);
  }

  /** A child's deployed template body, by logical id (one GetTemplate, the first time). */
  public String childBody(String logicalId) {
    String id = children.get(logicalId);
    if (id == null) {
      throw OpsException.failed(name() + ": its nested stack " + logicalId + " cannot be read");
    }
    return childBodies.computeIfAbsent(logicalId, k -> cloud.stacks().getTemplate(id));
  }

  /** Every child's deployed template body, by logical id in the parent's order. */
  public Map<String, String> childBodies() {
    Map<String, String> out = new LinkedHashMap<>();
    children.keySet().forEach(k -> out.put(k, childBody(k)));
    return out;
  }

  private TemplateDocument childTemplate(String logicalId) {
    return childTemplates.computeIfAbsent(
        logicalId, k -> TemplateDocument.parse(childBody(logicalId)));
  }

  /** The template that holds node {@code n}'s volume and instance. */
  public TemplateDocument nodeTemplate(int n) {
    return nested() ? childTemplate(layout.at(n).stack()) : root;
  }

  /** The template that holds node {@code n}'s network interface. */
  public TemplateDocument eniTemplate(int n) {
    return nested() ? childTemplate(layout.at(n).eniStack()) : root;
  }

  /** Where node {@code n} lives: its stacks and names. */
  public NodeLayout node(int n) {
    return layout.at(n);
  }

  /** The availability zone node {@code n} is in (its volume's). */
  public String zone(int n) {
    return ClusterStack.zone(nodeTemplate(n), n);
  }

  /** Every node's zone, by node number. */
  public Map<Integer, String> zones() {
    Map<Integer, String> out = new TreeMap<>();
    nodes().forEach(n -> out.put(n, zone(n)));
    return out;
  }

  public String subnet(int n) {
    return ClusterStack.subnet(eniTemplate(n), n);
  }

  /** The AMI the stacks give node {@code n}: its parameter, or what the parent writes for it. */
  public String image(int n) {
    if (nested()) {
      NodeValues v = parentValues.get(n);
      return v == null ? null : v.image();
    }
    return ClusterStack.image(stack.parameters(), n);
  }

  /** Every node's AMI, by node number. */
  public Map<Integer, String> images() {
    Map<Integer, String> out = new TreeMap<>();
    nodes().forEach(n -> out.put(n, image(n)));
    return out;
  }

  /** The snapshot node {@code n}'s volume was created from, "" when blank. */
  public String snapshot(int n) {
    if (nested()) {
      NodeValues v = parentValues.get(n);
      return v == null ? "" : v.snapshot();
    }
    return ClusterStack.snapshot(stack.parameters(), root, n);
  }

  /** What the parent writes for each node of a nested cluster (AMI, snapshot); empty otherwise. */
  public Map<Integer, NodeValues> parentValues() {
    return parentValues;
  }

  /**
   * The settings node {@code n}'s instance was launched with, as its template says; {@code unknown}
   * for what a template written before they were marked cannot say.
   */
  public NodeSettings settings(int n, NodeSettings unknown) {
    return ClusterStack.settings(nodeTemplate(n), n, unknown);
  }

  /** Whether the template holding node {@code n} declares its instance. */
  public boolean hasInstanceResource(int n) {
    return nodeTemplate(n).hasResource(node(n).instance());
  }

  /**
   * The nodes whose instances still run the user data of the template shape before NodeConfig, and
   * that data (only single stacks were deployed that way): kept, as changing it stops them.
   */
  public Map<Integer, Object> previousUserData() {
    return nested() ? Map.of() : ClusterStack.previousUserData(root);
  }

  /**
   * The resources one node's instance brings with it in its template: the instance and, with
   * recovery, its two alarms. A step that takes nodes away or brings them up changes this many per
   * node.
   */
  public int resourcesPerInstance() {
    int n = 1;
    for (String alarm : ClusterLayout.recoveryAlarms(1)) {
      if (nodeTemplate(1).hasResource(alarm)) {
        n++;
      }
    }
    return n;
  }

  /**
   * What one update of the cluster changes besides its nodes' instances: over nested stacks each
   * nested stack resource is updated by every update of the parent; nothing in one stack.
   */
  public int resourcesPerUpdate() {
    return nested() ? children.size() : 0;
  }

  /** The instance type node 1's template gives, or a function of one (templates of old). */
  public Object instanceType() {
    return ClusterStack.instanceType(nodeTemplate(1));
  }

  /** The root device name node 1's instance maps. */
  public String rootDevice() {
    return nodeTemplate(1).rootDevice(node(1).instance());
  }

  /**
   * Every node's interface, volume and instance ids: the cluster stack's resources, or every
   * child's (one ListStackResources each, the first time).
   */
  public StackNodes ids() {
    if (ids == null) {
      if (!nested()) {
        ids = StackNodes.of(rootResources);
      } else {
        List<StackResource> all = new ArrayList<>();
        for (String child : children.values()) {
          all.addAll(cloud.stacks().listStackResources(child));
        }
        ids = StackNodes.of(all);
      }
    }
    return ids;
  }

  /** Forgets the resources read, so that the next {@link #ids} reads them again. */
  public void forgetIds() {
    ids = null;
  }

  /**
   * Every node's private address, by node number: a single stack's outputs say them; over nested
   * stacks, one DescribeNetworkInterfaces of every node's interface (all pages), where reading each
   * network stack would take a call per group.
   */
  public Map<Integer, String> addresses() {
    if (addresses == null) {
      if (!nested()) {
        addresses = ClusterStack.addresses(stack);
      } else {
        Map<String, Integer> byEni = new HashMap<>();
        ids().enis().forEach((n, eni) -> byEni.put(eni, n));
        Map<Integer, String> out = new TreeMap<>();
        if (!byEni.isEmpty()) {
          for (Ec2Api.NetworkInterface e :
              cloud.ec2().describeNetworkInterfaces(List.copyOf(byEni.keySet()))) {
            out.put(byEni.get(e.id()), e.privateIp());
          }
        }
        addresses = out;
      }
    }
    return addresses;
  }

  /** The value of NodeDown: "none", a node's name, or a zone. */
  public String downValue() {
    return ClusterStack.nodeDownValue(stack.parameters());
  }

  /** The nodes whose instances NodeDown takes away, in order; empty when none. */
  public List<Integer> away() {
    return awayFor(downValue());
  }

  /** The nodes a NodeDown value takes away: the node it names, or every node of its zone. */
  public List<Integer> awayFor(String value) {
    List<Integer> out = new ArrayList<>();
    if (ClusterLayout.noneDown().equals(value)) {
      return out;
    }
    int named = ClusterLayout.downNode(value);
    for (int n : nodes()) {
      if (n == named || value.equals(ClusterLayout.zoneDownValue(zone(n)))) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * The stacks whose events show the instances of {@code nodes}: the cluster stack, or the nodes
   * stacks holding them (by stack id).
   */
  List<String> eventStacks(List<Integer> nodes) {
    if (!nested()) {
      return List.of(name());
    }
    List<String> out = new ArrayList<>();
    for (int n : nodes) {
      String id = children.get(layout.at(n).stack());
      if (id != null && !out.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * The events of the instances of {@code nodes} since {@code since}, oldest first: in a single
   * stack the update's own ({@code outcome}); over nested stacks the parent's events do not show
   * the children's instances, so each nodes stack holding one is read (a step's worth of events:
   * {@code guess} at first, twice as many while every one is that recent). A failed read leaves the
   * list shorter, not the operation.
   */
  public List<StackEvent> instanceEvents(
      List<Integer> nodes, Instant since, StackWatcher.Outcome outcome, int guess) {
    if (!nested()) {
      return outcome == null ? List.of() : outcome.events();
    }
    List<StackEvent> all = new ArrayList<>();
    for (String id : eventStacks(nodes)) {
      all.addAll(ClusterEvents.since(cloud, id, since, guess));
    }
    all.sort(java.util.Comparator.comparing(StackEvent::timestamp));
    return all;
  }

  /**
   * Why the last update failed for the instances of {@code nodes}: the first failure event of one
   * that says why, from the stack that holds them; empty when none is found.
   */
  public String failureCause(List<Integer> nodes) {
    List<String> instances = nodes.stream().map(n -> layout.at(n).instance()).toList();
    for (String id : eventStacks(nodes)) {
      try {
        for (StackEvent e : cloud.stacks().describeStackEvents(id, 100)) {
          if (instances.contains(e.logicalId()) && StackWatcher.isCause(e)) {
            return "\n  " + e.logicalId() + " " + e.status() + ": " + e.reason();
          }
        }
      } catch (dev.statefulcluster.cloud.CloudException unreadable) {
        return "";
      }
    }
    return "";
  }
}
