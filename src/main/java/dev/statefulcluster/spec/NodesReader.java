package dev.statefulcluster.spec;

import dev.statefulcluster.spec.SourceNode.ListNode;
import dev.statefulcluster.spec.SourceNode.MapNode;
import dev.statefulcluster.spec.SourceNode.Scalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code nodes}: either a list with one entry per node, or {@code count} nodes spread
 * round-robin over {@code subnets}.
 */
final class NodesReader {
  static final int MAX_NODES = 1_000;
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

  /** {@code zonePaths}: per node, where its zone is written (null: nowhere). */
  record Result(List<NodeSpec> nodes, boolean counted, List<String> zonePaths) {}

  private NodesReader() {}

  static Result read(MapReader top, String defaultAmi) {
    Problems problems = top.problems();
    Optional<SourceNode> node = top.node("nodes");
    if (node.isEmpty()) {
      top.missing(
          "nodes", "list the nodes (each with 'subnet:'), or write 'count:' and" + " 'subnets:'");
      return new Result(List.of(), false, List.of());
    }
    Result result;
    if (node.get() instanceof ListNode list) {
      List<NodeSpec> nodes = readList(list, top, defaultAmi);
      List<String> zonePaths = new ArrayList<>();
      nodes.forEach(n -> zonePaths.add("nodes[" + (n.number() - 1) + "].availabilityZone"));
      result = new Result(nodes, false, zonePaths);
    } else if (node.get() instanceof MapNode) {
      result = readCount(node.get(), top, defaultAmi);
    } else {
      problems.add(
          node.get().line(),
          "nodes",
          "expected a list of nodes or 'count:' with"
              + " 'subnets:', found "
              + node.get().describe());
      return new Result(List.of(), false, List.of());
    }
    checkUniqueAddresses(result, top);
    checkSubnetZones(result, top);
    checkRegion(result, top);
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
      } else if (ip != null && Net.notAHost(Net.ipv4(ip)) != null) {
        problems.add(
            r.lineOf("privateIp"),
            path + ".privateIp",
            Net.notAHost(Net.ipv4(ip)) + "; write an address inside the node's subnet");
        ip = null;
      }
      String ami = r.id("ami", false, Ids.AMI);
      String snapshot = r.id("snapshot", false, Ids.SNAPSHOT);
      r.finish();
      nodes.add(new NodeSpec(i + 1, subnet, zone, ip, ami != null ? ami : defaultAmi, snapshot));
    }
    return nodes;
  }

  private static Result readCount(SourceNode node, MapReader top, String defaultAmi) {
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
      return new Result(List.of(), true, List.of());
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
    List<String> zonePaths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] subnet = subnets.get(i % subnets.size());
      String snapshot = i < snapshots.size() ? snapshots.get(i) : null;
      nodes.add(new NodeSpec(i + 1, subnet[0], subnet[1], null, defaultAmi, snapshot));
      zonePaths.add(subnet[2]);
    }
    return new Result(nodes, true, zonePaths);
  }

  /**
   * Each subnet as {id, zone-or-null, the zone's path}; entries with errors are dropped after
   * reporting. A subnet listed twice is refused: nodes are spread over the list in turn, so it
   * would take two turns, and under two zones it would say two things of one subnet.
   */
  private static List<String[]> readSubnets(MapReader r) {
    Problems problems = r.problems();
    Optional<SourceNode> node = r.node("subnets");
    List<String[]> out = new ArrayList<>();
    Map<String, SourceNode> first = new HashMap<>();
    Map<String, String> firstZone = new HashMap<>();
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
      String id = null;
      String zone = null;
      if (item instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
        if (Ids.SUBNET.matches(s.text())) {
          id = s.text();
        } else {
          problems.add(s.line(), path, Ids.SUBNET.complaint(s.text()));
        }
      } else {
        MapReader sr =
            MapReader.of(item, path, "a subnet id or {id, availabilityZone}", problems, r.lines());
        id = sr.id("id", true, Ids.SUBNET);
        zone = sr.id("availabilityZone", false, Ids.AVAILABILITY_ZONE);
        sr.finish();
      }
      if (id == null) {
        continue;
      }
      String[] entry = {id, zone, path + ".availabilityZone"};
      SourceNode earlier = first.putIfAbsent(id, item);
      if (earlier == null) {
        out.add(entry);
        if (zone != null) {
          firstZone.put(id, zone);
        }
        continue;
      }
      String earlierZone = firstZone.get(id);
      problems.add(
          item.line(),
          path,
          earlierZone != null && zone != null && !earlierZone.equals(zone)
              ? id
                  + " is listed under "
                  + earlierZone
                  + " on line "
                  + earlier.line()
                  + " and here under "
                  + zone
                  + "; a subnet lies in one zone: correct one of them"
              : id
                  + " is listed already (line "
                  + earlier.line()
                  + "); list each subnet once: the nodes are spread over the list in turn");
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

  /**
   * A stack lives in one region, so every zone the file names must be of one: the first that is not
   * of the first zone's region is refused.
   */
  private static void checkRegion(Result result, MapReader top) {
    String firstZone = null;
    String firstPath = null;
    for (NodeSpec n : result.nodes()) {
      String zone = n.availabilityZone();
      if (zone == null) {
        continue;
      }
      String path = result.zonePaths().get(n.number() - 1);
      if (firstZone == null) {
        firstZone = zone;
        firstPath = path;
      } else if (!region(zone).equals(region(firstZone))) {
        top.problems()
            .add(
                top.lines().getOrDefault(path, 0),
                path,
                zone
                    + " is a zone of "
                    + region(zone)
                    + ", but "
                    + firstZone
                    + " (line "
                    + top.lines().getOrDefault(firstPath, 0)
                    + ") is of "
                    + region(firstZone)
                    + "; a cluster's stack lives in one region: give every node a zone of one"
                    + " region");
        return;
      }
    }
  }

  /**
   * The region of a zone: eu-west-1 of eu-west-1a, us-west-2 of the Local Zone us-west-2-lax-1a.
   */
  static String region(String zone) {
    Matcher m = REGION.matcher(zone);
    return m.lookingAt() ? m.group() : zone;
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
