package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.ops.core.Progress;

/** The nodes table that status and deploy end with. */
public final class StatusTable {
  private StatusTable() {}

  public static void print(ClusterStatus s, Progress out) {
    out.line(
        "cluster %s: stack %s%s%s",
        s.name(),
        s.stackStatus(),
        s.statusReason() == null || s.statusReason().isEmpty() ? "" : " (" + s.statusReason() + ")",
        "none".equals(s.nodeDown()) ? "" : "; " + s.nodeDown() + " is down for a roll");
    out.line(
        "%-6s %-15s %-21s %-19s %-13s %-11s %-21s %-22s %6s %-4s %6s %5s %s",
        "NODE",
        "PRIVATE IP",
        "ENI",
        "INSTANCE",
        "STATE",
        "CHECKS",
        "AMI",
        "VOLUME",
        "GIB",
        "TYPE",
        "IOPS",
        "MIB/S",
        "MODIFICATION");
    for (NodeStatus n : s.nodes()) {
      out.line(
          "%-6s %-15s %-21s %-19s %-13s %-11s %-21s %-22s %6s %-4s %6s %5s %s",
          n.name(),
          dash(n.privateIp()),
          dash(n.eniId()),
          dash(n.instanceId()),
          dash(n.instanceState()),
          checks(n),
          dash(n.ami()),
          dash(n.volumeId()),
          dash(n.size()),
          dash(n.volumeType()),
          dash(n.iops()),
          dash(n.throughput()),
          dash(n.modification()));
    }
    for (NodeStatus n : s.nodes()) {
      if (n.drift() != null) {
        out.line("drift: %s: %s; repair: %s", n.name(), n.drift(), n.repair(s.name()));
      }
    }
    for (NodeStatus n : s.nodes()) {
      if (n.grownPastTemplate()) {
        out.line(
            "note: %s's volume is %d GiB, larger than the %d GiB its template says:"
                + " CloudFormation does not shrink a volume when it rolls back an update that grew"
                + " it. deploy and grow count from %d GiB; write at least that in the file",
            n.name(), n.size(), n.templateSize(), n.size());
      }
    }
  }

  public static void printEvents(ClusterStatus s, Progress out) {
    if (s.events().isEmpty()) {
      return;
    }
    out.line("last events:");
    for (StackEvent e : s.events()) {
      out.line(
          "  %s  %-24s %-34s %s",
          e.timestamp(), e.logicalId(), e.status(), e.reason() == null ? "" : e.reason());
    }
  }

  /**
   * EC2's two status checks, system first: "ok/ok", "init/init" after a start, "impaired/ok" when
   * the host fails; "-" when the instance is not running (nothing is checked).
   */
  static String checks(NodeStatus n) {
    if (n.systemCheck() == null || "not-applicable".equals(n.systemCheck())) {
      return "-";
    }
    return shortCheck(n.systemCheck()) + "/" + shortCheck(n.instanceCheck());
  }

  private static String shortCheck(String check) {
    return switch (check == null ? "" : check) {
      case "initializing" -> "init";
      case "insufficient-data" -> "no-data";
      case "" -> "-";
      default -> check;
    };
  }

  private static String dash(Object v) {
    return v == null ? "-" : v.toString();
  }
}
