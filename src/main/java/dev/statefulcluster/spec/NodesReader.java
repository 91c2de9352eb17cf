package dev.statefulcluster.spec;

import dev.statefulcluster.spec.SourceNode.ListNode;
import dev.statefulcluster.spec.SourceNode.MapNode;
import dev.statefulcluster.spec.SourceNode.Scalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code nodes}: either a list with one entry per node, or {@code count} nodes spread
 * round-robin over {@code subnets}.
 */
final class NodesReader {
  static final int MAX_NODES = 1_000;

  record Result(List<NodeSpec> nodes, boolean counted) {}

  private NodesReader() {}

  static Result read(MapReader top, String defaultAmi) {
    Problems problems = top.problems();
    Optional<SourceNode> node = top.node("nodes");
    if (node.isEmpty()) {
      top.missing(
          "nodes", "list the nodes (each with 'subnet:'), or write 'count:' and" + " 'subnets:'");
      return new Result(List.of(), false);
    }
    Result result;
    if (node.get() instanceof ListNode list) {
      result = new Result(readList(list, top, defaultAmi), false);
    } else if (node.get() instanceof MapNode) {
      result = new Result(readCount(node.get(), top, defaultAmi), true);
    } else {
      problems.add(
          node.get().line(),
          "nodes",
          "expected a list of nodes or 'count:' with"
              + " 'subnets:', found "
              + node.get().describe());
      return new Result(List.of(), false);
    }
    checkUniqueAddresses(result, top);
    checkSubnetZones(result, top);
    return result;
  }

  private static List<NodeSpec> readList(ListNode list, MapReader top, String defaultAmi) {
    Problems problems = top.problems();
    if (list.items().isEmpty()) {
      problems.add(list.line(), "nodes", "is empty; a cluster needs at least one node");
    }
    if (list.items().size() > MAX_NODES) {
      problems.add(
          list.line(),
          "nodes",
          "lists " + list.items().size() + " nodes; at most " + MAX_NODES + " are supported");
    }
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      String path = "nodes[" + i + "]";
      MapReader r = MapReader.of(list.items().get(i), path, "a node", problems, top.lines());
      String subnet = r.id("subnet", true, Ids.SUBNET);
      String zone = r.id("availabilityZone", false, Ids.AVAILABILITY_ZONE);
      String ip = r.text("privateIp", false, "write an IPv4 address inside the subnet");
      if (ip != null && Net.ipv4(ip) < 0) {
        problems.add(
            r.lineOf("privateIp"),
            path + ".privateIp",
            "'" + ip + "' is not an IPv4 address (expected four numbers 0-255 such as 10.0.1.10)");
        ip = null;
      }
      String ami = r.id("ami", false, Ids.AMI);
      String snapshot = r.id("snapshot", false, Ids.SNAPSHOT);
      r.finish();
      nodes.add(new NodeSpec(i + 1, subnet, zone, ip, ami != null ? ami : defaultAmi, snapshot));
    }
    return nodes;
  }

  private static List<NodeSpec> readCount(SourceNode node, MapReader top, String defaultAmi) {
    Problems problems = top.problems();
    MapReader r = MapReader.of(node, "nodes", "nodes", problems, top.lines());
    Integer count =
        r.integer(
            "count",
            true,
            1,
            MAX_NODES,
            "write how many nodes the cluster has (1 to " + MAX_NODES + ")");
    List<String[]> subnets = readSubnets(r);
    List<String> snapshots = readSnapshots(r);
    r.finish();
    if (count == null || subnets.isEmpty()) {
      return List.of();
    }
    if (!snapshots.isEmpty() && snapshots.size() != count) {
      problems.add(
          r.lineOf("snapshots"),
          "nodes.snapshots",
          "lists "
              + snapshots.size()
              + (snapshots.size() == 1 ? " snapshot" : " snapshots")
              + " for "
              + count
              + " nodes; give one per node, in node order");
    }
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] subnet = subnets.get(i % subnets.size());
      String snapshot = i < snapshots.size() ? snapshots.get(i) : null;
      nodes.add(new NodeSpec(i + 1, subnet[0], subnet[1], null, defaultAmi, snapshot));
    }
    return nodes;
  }

  /** Each subnet as {id, zone-or-null}; entries with errors are dropped after reporting. */
  private static List<String[]> readSubnets(MapReader r) {
    Problems problems = r.problems();
    Optional<SourceNode> node = r.node("subnets");
    List<String[]> out = new ArrayList<>();
    if (node.isEmpty()) {
      r.missing("subnets", "list the subnets to spread the nodes over, e.g. [subnet-0abc…]");
      return out;
    }
    if (!(node.get() instanceof ListNode list) || list.items().isEmpty()) {
      problems.add(
          node.get().line(),
          "nodes.subnets",
          "expected a non-empty list of subnet ids," + " found " + node.get().describe());
      return out;
    }
    for (int i = 0; i < list.items().size(); i++) {
      SourceNode item = list.items().get(i);
      String path = "nodes.subnets[" + i + "]";
      r.lines().put(path, item.line());
      if (item instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
        if (Ids.SUBNET.matches(s.text())) {
          out.add(new String[] {s.text(), null});
        } else {
          problems.add(s.line(), path, Ids.SUBNET.complaint(s.text()));
        }
      } else {
        MapReader sr =
            MapReader.of(item, path, "a subnet id or {id, availabilityZone}", problems, r.lines());
        String id = sr.id("id", true, Ids.SUBNET);
        String zone = sr.id("availabilityZone", false, Ids.AVAILABILITY_ZONE);
        sr.finish();
        if (id != null) {
          out.add(new String[] {id, zone});
        }
      }
    }
    return out;
  }

  private static List<String> readSnapshots(MapReader r) {
    Problems problems = r.problems();
    List<String> out = new ArrayList<>();
    Optional<SourceNode> node = r.node("snapshots");
    if (node.isEmpty()) {
      return out;
    }
    if (!(node.get() instanceof ListNode list)) {
      problems.add(
          node.get().line(),
          "nodes.snapshots",
          "expected a list of snapshot ids, one" + " per node, found " + node.get().describe());
      return out;
    }
    for (int i = 0; i < list.items().size(); i++) {
      SourceNode item = list.items().get(i);
      if (item instanceof Scalar s
          && s.kind() == Scalar.Kind.STRING
          && Ids.SNAPSHOT.matches(s.text())) {
        out.add(s.text());
      } else {
        problems.add(
            item.line(),
            "nodes.snapshots[" + i + "]",
            item instanceof Scalar s && s.kind() != Scalar.Kind.NULL
                ? Ids.SNAPSHOT.complaint(s.text())
                : "expected a snapshot id, found " + item.describe());
        out.add(null);
      }
    }
    return out;
  }

  /** A subnet lies in one zone; two nodes in one subnet cannot name different zones. */
  private static void checkSubnetZones(Result result, MapReader top) {
    Map<String, NodeSpec> first = new HashMap<>();
    for (NodeSpec n : result.nodes()) {
      if (n.subnet() == null || n.availabilityZone() == null) {
        continue;
      }
      NodeSpec other = first.putIfAbsent(n.subnet(), n);
      if (other != null && !other.availabilityZone().equals(n.availabilityZone())) {
        String path =
            result.counted() ? "nodes.subnets" : "nodes[" + (n.number() - 1) + "].availabilityZone";
        top.problems()
            .add(
                top.lines().getOrDefault(path, 0),
                path,
                n.subnet()
                    + " is in one"
                    + " availability zone, but "
                    + other.name()
                    + " says "
                    + other.availabilityZone()
                    + " and "
                    + n.name()
                    + " says "
                    + n.availabilityZone()
                    + "; correct one of them");
        return;
      }
    }
  }

  private static void checkUniqueAddresses(Result result, MapReader top) {
    Map<String, Integer> seen = new HashMap<>();
    for (NodeSpec n : result.nodes()) {
      if (n.privateIp() == null) {
        continue;
      }
      Integer other = seen.putIfAbsent(n.privateIp(), n.number());
      if (other != null) {
        String path = "nodes[" + (n.number() - 1) + "].privateIp";
        top.problems()
            .add(
                top.lines().getOrDefault(path, 0),
                path,
                n.privateIp() + " is already node" + other + "'s address; give each node its own");
      }
    }
  }
}
