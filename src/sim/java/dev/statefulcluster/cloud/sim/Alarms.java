package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statefulcluster.cloud.Ec2Api;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudWatch alarms with an EC2 action on one instance's status check metric, the only alarms the
 * model evaluates. EC2 publishes {@code StatusCheckFailed_System} and {@code
 * StatusCheckFailed_Instance} every minute: 1 while the check fails, 0 otherwise. An alarm whose
 * threshold a 1 breaches acts once the check has failed for its EvaluationPeriods × Period. Recover
 * moves the instance to another host through a reboot, keeping its id, interfaces and volumes; EC2
 * does it only for a type whose AutoRecoverySupported is true, at most three times a day per
 * instance. Reboot restarts the instance on its host. Other alarms exist, never evaluated.
 */
final class Alarms {
  /** What the model evaluates of one alarm. */
  record Watch(String name, String metric, String instanceId, Duration breach, String action) {}

  static final String SYSTEM = "StatusCheckFailed_System";
  static final String INSTANCE = "StatusCheckFailed_Instance";
  static final int RECOVERIES_PER_DAY = 3;

  private final SimContext ctx;
  private final Instances instances;
  private final InstanceTypes types;
  private final NodeAgent agent;
  private final Map<String, Watch> byName = new LinkedHashMap<>();
  private final Map<String, List<Instant>> recoveries = new HashMap<>();
  private final Set<String> names = new HashSet<>();

  /** The actions taken, oldest first: "recover i-…", "reboot i-…". */
  final List<String> taken = new ArrayList<>();

  Alarms(SimContext ctx, Instances instances, InstanceTypes types, NodeAgent agent) {
    this.ctx = ctx;
    this.instances = instances;
    this.types = types;
    this.agent = agent;
  }

  /** PutMetricAlarm (created or updated): evaluated from now on. */
  void put(String name, JsonNode properties) {
    names.add(name);
    Watch w = watch(name, properties);
    if (w == null) {
      byName.remove(name);
      return;
    }
    byName.put(name, w);
    evaluateLater(w);
  }

  void delete(String name) {
    byName.remove(name);
    names.remove(name);
  }

  /** Whether the alarm exists (evaluated or not), as DescribeAlarms would list it. */
  boolean exists(String name) {
    return names.contains(name);
  }

  /** One of an instance's checks started failing: the alarms on it look again once it lasted. */
  void checkFailed(String instanceId, String metric) {
    for (Watch w : List.copyOf(byName.values())) {
      if (w.instanceId().equals(instanceId) && w.metric().equals(metric)) {
        evaluateLater(w);
      }
    }
  }

  private void evaluateLater(Watch w) {
    Instant from = ctx.clock().now();
    ctx.clock().schedule(w.breach(), () -> evaluate(w, from));
  }

  /** Acts when the alarm still stands as it was and its check has failed since {@code from}. */
  private void evaluate(Watch w, Instant from) {
    if (!w.equals(byName.get(w.name()))) {
      return;
    }
    SimInstance i = instances.byId.get(w.instanceId());
    if (i == null || !i.state.equals("running")) {
      return;
    }
    Instant since = w.metric().equals(SYSTEM) ? i.systemImpairedSince : i.instanceImpairedSince;
    if (since == null || since.isAfter(from)) {
      return;
    }
    Instant now = ctx.clock().now();
    switch (w.action()) {
      case "recover" -> {
        Ec2Api.InstanceType type = types.find(i.instanceType);
        List<Instant> recent = recoveries.computeIfAbsent(i.id, k -> new ArrayList<>());
        recent.removeIf(t -> t.isBefore(now.minus(Duration.ofDays(1))));
        if (type == null
            || !Boolean.TRUE.equals(type.autoRecoverySupported())
            || recent.size() >= RECOVERIES_PER_DAY) {
          return;
        }
        recent.add(now);
        // Another host: both checks start over.
        i.systemImpairedSince = null;
        i.instanceImpairedSince = null;
      }
      case "reboot" -> i.instanceImpairedSince = null; // the same host: a host failure stays
      default -> {
        return;
      }
    }
    taken.add(w.action() + " " + i.id);
    i.runningSince = now;
    agent.stopped(i);
    agent.restarted(i);
  }

  /**
   * The alarm as the model evaluates it, or null: AWS/EC2, a status check metric of one instance, a
   * threshold that a failed check (1) breaches, an EC2 recover or reboot action.
   */
  private static Watch watch(String name, JsonNode p) {
    String metric = Props.text(p, "MetricName");
    if (!"AWS/EC2".equals(Props.text(p, "Namespace"))
        || !(SYSTEM.equals(metric) || INSTANCE.equals(metric))) {
      return null;
    }
    String instanceId = null;
    for (JsonNode d : Props.objects(p, "Dimensions")) {
      if ("InstanceId".equals(Props.text(d, "Name"))) {
        instanceId = Props.text(d, "Value");
      }
    }
    double threshold = p.path("Threshold").asDouble(Double.NaN);
    String comparison = Props.text(p, "ComparisonOperator");
    boolean breachedByOne =
        "GreaterThanOrEqualToThreshold".equals(comparison) && threshold <= 1
            || "GreaterThanThreshold".equals(comparison) && threshold < 1;
    String action = null;
    for (String arn : Props.strings(p, "AlarmActions")) {
      if (arn.matches("arn:aws[a-z-]*:automate:[a-z0-9-]+:ec2:(recover|reboot)")) {
        action = arn.substring(arn.lastIndexOf(':') + 1);
      }
    }
    Integer period = Props.integer(p, "Period");
    Integer periods = Props.integer(p, "EvaluationPeriods");
    if (instanceId == null
        || !breachedByOne
        || action == null
        || period == null
        || periods == null) {
      return null;
    }
    return new Watch(name, metric, instanceId, Duration.ofSeconds((long) period * periods), action);
  }
}
