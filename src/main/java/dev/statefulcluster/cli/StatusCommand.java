package dev.statefulcluster.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.ops.ClusterStatus;
import dev.statefulcluster.ops.NodeStatus;
import dev.statefulcluster.ops.StatusReader;
import dev.statefulcluster.ops.StatusTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    addMethodSubcommands = false,
    name = "status",
    description =
        "One row per node (address, interface, instance, its status checks, AMI, volume and"
            + " its modification), each node's drift from the stack with the command that"
            + " repairs it, then the last stack events.")
final class StatusCommand extends CloudCommand implements Callable<Integer> {
  enum Output {
    table,
    json
  }

  @Parameters(
      paramLabel = "NAME",
      description = "The cluster's name",
      converter = OptionValues.ClusterName.class)
  String name;

  @Option(
      names = "--output",
      paramLabel = "table|json",
      defaultValue = "table",
      description = "Output format (default: ${DEFAULT-VALUE})")
  Output output;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "10",
      description = "How many recent stack events to show (default: ${DEFAULT-VALUE})")
  int events;

  @Override
  public Integer call() throws Exception {
    if (events < 0) {
      throw new CliException(
          ExitCode.USAGE, "--events: " + events + " is not a number of events" + " (0 or more)");
    }
    ClusterStatus status = new StatusReader(cloud()).read(name, events);
    if (output == Output.json) {
      context
          .out()
          .println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(json(status)));
    } else {
      StatusTable.print(status, progress());
      StatusTable.printEvents(status, progress());
    }
    return ExitCode.OK;
  }

  /** Plain maps, so the JSON's shape is written here and not by reflection. */
  static Map<String, Object> json(ClusterStatus s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cluster", s.name());
    out.put("stackStatus", s.stackStatus().name());
    out.put("statusReason", s.statusReason());
    out.put("nodeDown", s.nodeDown());
    List<Object> nodes = new ArrayList<>();
    for (NodeStatus n : s.nodes()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("node", n.name());
      node.put("privateIp", n.privateIp());
      node.put("eni", n.eniId());
      node.put("instance", n.instanceId());
      node.put("instanceState", n.instanceState());
      node.put("systemStatus", n.systemCheck());
      node.put("instanceStatus", n.instanceCheck());
      List<Object> scheduled = new ArrayList<>();
      for (Ec2Api.ScheduledEvent e : n.events()) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("code", e.code());
        event.put("description", e.description());
        event.put("notBefore", e.notBefore() == null ? null : e.notBefore().toString());
        event.put("notAfter", e.notAfter() == null ? null : e.notAfter().toString());
        scheduled.add(event);
      }
      node.put("scheduledEvents", scheduled);
      node.put("ami", n.ami());
      node.put("volume", n.volumeId());
      node.put("sizeGiB", n.size());
      node.put("templateSizeGiB", n.templateSize());
      node.put("drift", n.drift());
      node.put(
          "repair",
          n.drift() == null
              ? null
              : "stateful-cluster replace " + s.name() + " --nodes " + n.number());
      node.put("volumeType", n.volumeType());
      node.put("iops", n.iops());
      node.put("throughputMiBps", n.throughput());
      node.put("modification", n.modification());
      nodes.add(node);
    }
    out.put("nodes", nodes);
    List<Object> events = new ArrayList<>();
    for (StackEvent e : s.events()) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("time", e.timestamp().toString());
      event.put("resource", e.logicalId());
      event.put("type", e.resourceType());
      event.put("status", e.status());
      event.put("reason", e.reason());
      events.add(event);
    }
    out.put("events", events);
    return out;
  }
}
