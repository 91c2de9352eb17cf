package dev.statefulcluster.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated cluster description. Everything in it has passed the checks of {@link SpecReader};
 * {@code vpc} and the nodes' zones may still be null when the file leaves them to be looked up.
 */
public record ClusterSpec(
    String name,
    String vpc,
    String instanceType,
    ImageSpec image,
    String keyPair,
    List<NodeSpec> nodes,
    /** How the file gave the nodes: a list ({@code nodes: [...]}) or a count over subnets. */
    boolean nodesCounted,
    VolumeSpec volume,
    AccessSpec access,
    HealthSpec health,
    /**
     * Whether each node gets CloudWatch alarms that recover its instance on a failed system status
     * check and reboot it on a failed instance status check.
     */
    boolean recovery,
    String bootstrap,
    /** Run on a running node after cfn-hup rewrote its node.env with new values; null: none. */
    String reload,
    List<String> managedPolicies,
    Map<String, String> tags,
    /** Single stack or nested stacks, as the file asks; what a deployed cluster has wins. */
    LayoutSpec layout,
    SourceMap source) {

  public ClusterSpec {
    nodes = List.copyOf(nodes);
    managedPolicies = List.copyOf(managedPolicies);
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  public ClusterSpec withVpc(String vpcId) {
    return new ClusterSpec(
        name,
        vpcId,
        instanceType,
        image,
        keyPair,
        nodes,
        nodesCounted,
        volume,
        access,
        health,
        recovery,
        bootstrap,
        reload,
        managedPolicies,
        tags,
        layout,
        source);
  }

  public ClusterSpec withNodes(List<NodeSpec> newNodes) {
    return new ClusterSpec(
        name,
        vpc,
        instanceType,
        image,
        keyPair,
        newNodes,
        nodesCounted,
        volume,
        access,
        health,
        recovery,
        bootstrap,
        reload,
        managedPolicies,
        tags,
        layout,
        source);
  }

  public ClusterSpec withLayout(LayoutSpec newLayout) {
    return new ClusterSpec(
        name,
        vpc,
        instanceType,
        image,
        keyPair,
        nodes,
        nodesCounted,
        volume,
        access,
        health,
        recovery,
        bootstrap,
        reload,
        managedPolicies,
        tags,
        newLayout,
        source);
  }

  /** The path of node {@code number}'s entry in the file, for messages. */
  public String nodePath(int number) {
    return nodesCounted ? "nodes" : "nodes[" + (number - 1) + "]";
  }
}
