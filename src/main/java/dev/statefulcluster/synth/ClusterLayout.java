package dev.statefulcluster.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a cluster's state lives in its stack: for each node its stack, logical ids, parameters and
 * outputs, and the template properties that hold its settings. Operations ask this, never spell a
 * name of their own, so the template's shape can change (nested stacks) in one place. Today every
 * node lives in the one stack, named as {@link Names} says (docs/template-design.md).
 */
public record ClusterLayout(int nodeCount) {

  /** The stack that holds a node: the cluster's own stack, for now. */
  public static final String ROOT_STACK = "";

  /** The layout of a stack synthesized or deployed with this many nodes. */
  public static ClusterLayout of(int nodeCount) {
    return new ClusterLayout(nodeCount);
  }

  /** Every node, in order. */
  public List<NodeLayout> nodes() {
    List<NodeLayout> out = new ArrayList<>();
    for (int n = 1; n <= nodeCount; n++) {
      out.add(node(n));
    }
    return out;
  }

  /** Node {@code n}'s names; also for a number beyond the count, to ask whether a stack has it. */
  public static NodeLayout node(int n) {
    return new NodeLayout(
        n,
        Names.nodeName(n),
        ROOT_STACK,
        Names.eni(n),
        Names.volume(n),
        Names.instance(n),
        Names.imageParameter(n),
        Names.snapshotParameter(n),
        Names.privateIpOutput(n),
        Names.eni(n));
  }

  /** The node's name as users and tags see it ("node3"). */
  public static String nodeName(int n) {
    return Names.nodeName(n);
  }

  /** The parameter naming the node whose instance is away. */
  public static String nodeDownParameter() {
    return Names.NODE_DOWN;
  }

  /** The value of {@link #nodeDownParameter} when every instance exists. */
  public static String noneDown() {
    return Names.NONE;
  }

  /** The value of {@link #nodeDownParameter} that takes node {@code n} away; 0 for none. */
  public static String downValue(int n) {
    return n > 0 ? Names.nodeName(n) : Names.NONE;
  }

  /** The value of {@link #nodeDownParameter} that takes every node of a zone away. */
  public static String zoneDownValue(String availabilityZone) {
    return Names.zoneDown(availabilityZone);
  }

  /**
   * Node {@code n}'s instance settings as its resource in a deployed template (a map with
   * Properties and Metadata) says; what a template written before the settings were marked cannot
   * say is taken from {@code unknown}.
   */
  public static NodeSettings settings(Map<String, Object> instanceResource, NodeSettings unknown) {
    return NodeSettings.read(instanceResource, unknown);
  }

  /** The node a value of {@link #nodeDownParameter} takes away, 0 for none. */
  public static int downNode(String value) {
    return Names.downNode(value);
  }

  /** The node a logical id, parameter or output belongs to, or 0 when it is not a node's. */
  public static int nodeOf(String name) {
    return Names.nodeNumber(name);
  }

  /** The node a {@link #nodeTag} value names ("node3" → 3), 0 when none. */
  public static int nodeOfTag(String nodeName) {
    return Names.nodeNumber("Node" + nodeName.substring("node".length()));
  }

  /** Whether a logical id is a node's instance. */
  public static boolean isInstance(String logicalId) {
    int n = nodeOf(logicalId);
    return n > 0 && logicalId.equals(Names.instance(n));
  }

  /** Whether a logical id is a node's data volume. */
  public static boolean isVolume(String logicalId) {
    int n = nodeOf(logicalId);
    return n > 0 && logicalId.equals(Names.volume(n));
  }

  /** Whether a logical id is a node's network interface. */
  public static boolean isEni(String logicalId) {
    int n = nodeOf(logicalId);
    return n > 0 && logicalId.equals(Names.eni(n));
  }

  /**
   * Whether a logical id is one of a node's recovery alarms ({@code recovery: true}): they exist
   * exactly when the node's instance does, and changing them interrupts nothing.
   */
  public static boolean isRecoveryAlarm(String logicalId) {
    int n = nodeOf(logicalId);
    return n > 0
        && (logicalId.equals(Names.recoverAlarm(n)) || logicalId.equals(Names.rebootAlarm(n)));
  }

  /** Node {@code n}'s recovery alarms, recover first, when the file asks for them. */
  public static List<String> recoveryAlarms(int n) {
    return List.of(Names.recoverAlarm(n), Names.rebootAlarm(n));
  }

  /** Whether an output is a node's private IP. */
  public static boolean isPrivateIpOutput(String output) {
    int n = nodeOf(output);
    return n > 0 && output.equals(Names.privateIpOutput(n));
  }

  /** The tag on snapshots naming their cluster. */
  public static String clusterTag() {
    return Names.TAG_CLUSTER;
  }

  /** The tag on snapshots naming their node. */
  public static String nodeTag() {
    return Names.TAG_NODE;
  }

  /**
   * Whether {@code deployed} is node {@code n}'s user data as the version before the shared {@code
   * NodeConfig} wrote it. Such an instance keeps it (deploy passes it to {@link Synthesis#of(
   * dev.statefulcluster.spec.ClusterSpec, java.util.Map)}): it works unchanged on today's metadata,
   * and changing it would stop and start the instance.
   */
  public static boolean isPreviousUserData(Object deployed, int n) {
    for (dev.statefulcluster.spec.OsFamily os : dev.statefulcluster.spec.OsFamily.values()) {
      if (UserData.previous(os, n).equals(deployed)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A deployed node's grow command with its target size set to {@code sizeGib}, as {@link NodeInit}
   * writes it; any other string of the node's metadata comes back unchanged.
   */
  public static String growCommand(String deployed, int sizeGib) {
    return NodeInit.withGrowSize(deployed, sizeGib);
  }
}
