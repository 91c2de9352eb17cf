package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.ops.cluster.Preflight;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.Ids;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.synth.ClusterLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A set of snapshots, one per node: either named by {@code snapshot} (the tag {@value #SET_TAG} on
 * each), or written out as snapshot ids in node order, as {@code destroy} prints them.
 */
public final class SnapshotSets {
  public static final String SET_TAG = "stateful-cluster:snapshot-set";

  private SnapshotSets() {}

  /**
   * The spec with node i's volume created from the set's snapshot of node i. The snapshots are
   * checked here, each problem naming the option and the node: they are not in the file, so no line
   * of it could be pointed at.
   */
  public static ClusterSpec apply(ClusterSpec spec, String set, Ec2Api ec2) {
    List<String> ids = resolve(set, spec.nodes().size(), ec2);
    List<NodeSpec> nodes = new ArrayList<>();
    for (NodeSpec node : spec.nodes()) {
      nodes.add(node.withSnapshot(ids.get(node.number() - 1)));
    }
    Map<String, Ec2Api.Snapshot> found = new HashMap<>();
    ec2.describeSnapshots(new LinkedHashSet<>(ids)).forEach(s -> found.put(s.id(), s));
    List<String> problems = new ArrayList<>();
    for (NodeSpec node : nodes) {
      String problem = Preflight.snapshotProblem(spec, node, found.get(node.snapshot()));
      if (problem != null) {
        problems.add("--from-snapshots: " + problem);
      }
    }
    if (!problems.isEmpty()) {
      throw OpsException.invalid(String.join("\n", problems));
    }
    return spec.withNodes(nodes);
  }

  static List<String> resolve(String set, int nodes, Ec2Api ec2) {
    if (set.startsWith("snap-")) {
      List<String> ids = List.of(set.split(","));
      for (String id : ids) {
        if (!Ids.SNAPSHOT.matches(id)) {
          throw OpsException.badOption("--from-snapshots: " + Ids.SNAPSHOT.complaint(id));
        }
      }
      if (ids.size() != nodes) {
        throw OpsException.badOption(
            "--from-snapshots lists "
                + ids.size()
                + " snapshots for "
                + nodes
                + " nodes; give one per node, in node order");
      }
      return ids;
    }
    Map<String, String> byNode = new HashMap<>();
    for (Ec2Api.Snapshot s : ec2.findSnapshots(Map.of(SET_TAG, set))) {
      String node = s.tags().get(ClusterLayout.nodeTag());
      if (node != null && byNode.put(node, s.id()) != null) {
        throw OpsException.invalid("snapshot set " + set + " holds two snapshots of " + node);
      }
    }
    if (byNode.isEmpty()) {
      throw OpsException.invalid(
          "no snapshot set named "
              + set
              + " (no snapshots tagged "
              + SET_TAG
              + "="
              + set
              + " in this region)");
    }
    List<String> ids = new ArrayList<>();
    for (int n = 1; n <= nodes; n++) {
      String id = byNode.get(ClusterLayout.nodeName(n));
      if (id == null) {
        throw OpsException.invalid(
            "snapshot set "
                + set
                + " has no snapshot of "
                + ClusterLayout.nodeName(n)
                + " (it holds "
                + byNode.size()
                + ": "
                + byNode.keySet()
                + ")");
      }
      ids.add(id);
    }
    return ids;
  }
}
