package dev.statefulcluster.spec;

import dev.statefulcluster.spec.SourceNode.ListNode;
import dev.statefulcluster.spec.SourceNode.Scalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code ports} and {@code clients}: who may reach the nodes on which ports. */
final class AccessReader {
  private static final Pattern RANGE = Pattern.compile("^([0-9]{1,5})-([0-9]{1,5})$");

  private AccessReader() {}

  static AccessSpec read(MapReader top) {
    Problems problems = top.problems();
    List<PortRange> members = new ArrayList<>();
    List<PortRange> clientPorts = new ArrayList<>();
    Optional<SourceNode> ports = top.node("ports");
    if (ports.isPresent()) {
      MapReader r = MapReader.of(ports.get(), "ports", "ports", problems, top.lines());
      members = readPorts(r, "members");
      clientPorts = readPorts(r, "clients");
      r.finish();
    }
    String group = null;
    List<String> cidrs = new ArrayList<>();
    Optional<SourceNode> clients = top.node("clients");
    if (clients.isPresent()) {
      MapReader r = MapReader.of(clients.get(), "clients", "client access", problems, top.lines());
      group = r.id("securityGroup", false, Ids.SECURITY_GROUP);
      cidrs = readCidrs(r);
      r.finish();
      if (clientPorts.isEmpty() && (group != null || !cidrs.isEmpty())) {
        problems.add(
            r.line(),
            "clients",
            "clients are named but 'ports.clients' lists no port"
                + " for them; add the ports clients connect to");
      }
    }
    return new AccessSpec(members, clientPorts, group, cidrs);
  }

  private static List<PortRange> readPorts(MapReader r, String key) {
    List<PortRange> out = new ArrayList<>();
    Optional<SourceNode> node = r.node(key);
    if (node.isEmpty()) {
      return out;
    }
    String path = r.path(key);
    if (!(node.get() instanceof ListNode list)) {
      r.problems()
          .add(
              node.get().line(),
              path,
              "expected a list of ports such as [2888, 3888,"
                  + " \"7000-7001\"], found "
                  + node.get().describe());
      return out;
    }
    for (int i = 0; i < list.items().size(); i++) {
      SourceNode item = list.items().get(i);
      String notation =
          item instanceof Scalar s && s.kind() == Scalar.Kind.INTEGER
              ? YamlVersions.integerProblem(s)
              : null;
      PortRange range = notation == null ? port(item) : null;
      if (notation != null) {
        r.problems().add(item.line(), path + "[" + i + "]", notation);
      } else if (range == null) {
        r.problems()
            .add(
                item.line(),
                path + "[" + i + "]",
                item.shown()
                    + " is not a port; write a number 1-65535 or a range such as \"7000-7001\"");
      } else if (out.stream().anyMatch(o -> o.from() <= range.to() && range.from() <= o.to())) {
        r.problems()
            .add(
                item.line(),
                path + "[" + i + "]",
                range + " overlaps another port of" + " this list; list each port once");
      } else {
        out.add(range);
      }
    }
    return out;
  }

  private static PortRange port(SourceNode item) {
    if (!(item instanceof Scalar s)) {
      return null;
    }
    try {
      if (s.kind() == Scalar.Kind.INTEGER) {
        int p = Integer.parseInt(s.text());
        return p >= 1 && p <= 65_535 ? PortRange.single(p) : null;
      }
      if (s.kind() == Scalar.Kind.STRING) {
        Matcher m = RANGE.matcher(s.text());
        if (m.matches()) {
          int from = Integer.parseInt(m.group(1));
          int to = Integer.parseInt(m.group(2));
          return from >= 1 && to <= 65_535 && from <= to ? new PortRange(from, to) : null;
        }
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }

  private static List<String> readCidrs(MapReader r) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> firstLine = new HashMap<>();
    Optional<SourceNode> node = r.node("cidrs");
    if (node.isEmpty()) {
      return out;
    }
    if (!(node.get() instanceof ListNode list)) {
      r.problems()
          .add(
              node.get().line(),
              "clients.cidrs",
              "expected a list of CIDR blocks such"
                  + " as [10.0.0.0/16], found "
                  + node.get().describe());
      return out;
    }
    for (int i = 0; i < list.items().size(); i++) {
      SourceNode item = list.items().get(i);
      String path = "clients.cidrs[" + i + "]";
      Net.Cidr cidr =
          item instanceof Scalar s && s.kind() == Scalar.Kind.STRING ? Net.cidr(s.text()) : null;
      if (cidr == null) {
        r.problems()
            .add(
                item.line(),
                path,
                item.shown() + " is not an IPv4 CIDR block; write one such as 10.0.0.0/16");
      } else if (cidr.hostBitsSet()) {
        r.problems()
            .add(
                item.line(),
                path,
                "'"
                    + ((Scalar) item).text()
                    + "' has host bits"
                    + " set; did you mean "
                    + cidr.normalized()
                    + "?");
      } else if (firstLine.containsKey(cidr.normalized())) {
        r.problems()
            .add(
                item.line(),
                path,
                cidr.normalized()
                    + " is listed already (line "
                    + firstLine.get(cidr.normalized())
                    + "); list each block once (EC2 refuses a rule twice)");
      } else {
        out.add(cidr.normalized());
        firstLine.put(cidr.normalized(), item.line());
      }
    }
    return out;
  }
}
