package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.template.Fn;
import dev.statefulcluster.template.Resource;
import dev.statefulcluster.template.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code recovery: true}: two CloudWatch alarms per node on EC2's status checks. A failed system
 * check (the host lost power, network or hardware) recovers the instance: EC2 moves it to another
 * host keeping its id, its ENI and its EBS volumes, so the node keeps its address and data and the
 * stack does not change. A failed instance check (its kernel or network hangs) reboots it. Each
 * alarm has its instance's condition: it exists exactly while the instance does, and a roll that
 * takes the instance away takes its alarms too (docs/aws-facts.md, "Recovery"). EC2 refuses a
 * recover action on StatusCheckFailed_Instance, so the instance check reboots. Missing data is left
 * as missing (the default AWS recommends for EC2 actions): no action on a stopped instance.
 */
final class RecoveryAlarms {
  private RecoveryAlarms() {}

  /** One minute per period, as EC2 publishes status check metrics (basic monitoring). */
  static final int PERIOD_SECONDS = 60;

  /** Two failed minutes before a recover: one bad data point is not a lost host. */
  static final int RECOVER_PERIODS = 2;

  /**
   * Three failed minutes before a reboot: a failing host often fails both checks, and recovering it
   * (after two) is the cure; a reboot would restart the instance on the same failing host.
   */
  static final int REBOOT_PERIODS = 3;

  static void add(Template.Builder t, ClusterSpec spec) {
    if (!spec.recovery()) {
      return;
    }
    for (NodeSpec node : spec.nodes()) {
      int n = node.number();
      t.resource(
          Names.recoverAlarm(n),
          alarm(
              spec,
              n,
              "StatusCheckFailed_System",
              RECOVER_PERIODS,
              "recover",
              spec.name()
                  + " "
                  + node.name()
                  + ": its host failed EC2's system status check; recover the instance on another"
                  + " host (same instance, address and volumes)"));
      t.resource(
          Names.rebootAlarm(n),
          alarm(
              spec,
              n,
              "StatusCheckFailed_Instance",
              REBOOT_PERIODS,
              "reboot",
              spec.name()
                  + " "
                  + node.name()
                  + ": the instance failed EC2's instance status check; reboot it"));
    }
  }

  private static Resource alarm(
      ClusterSpec spec, int n, String metric, int periods, String action, String description) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("AlarmDescription", description);
    p.put("Namespace", "AWS/EC2");
    p.put("MetricName", metric);
    p.put("Dimensions", List.of(Map.of("Name", "InstanceId", "Value", Fn.ref(Names.instance(n)))));
    p.put("Statistic", "Maximum");
    p.put("Period", PERIOD_SECONDS);
    p.put("EvaluationPeriods", periods);
    p.put("Threshold", 1);
    p.put("ComparisonOperator", "GreaterThanOrEqualToThreshold");
    p.put(
        "AlarmActions",
        List.of(Fn.sub("arn:${" + Fn.PARTITION + "}:automate:${" + Fn.REGION + "}:ec2:" + action)));
    p.put("Tags", Tags.node(spec, n));
    return Resource.of("AWS::CloudWatch::Alarm", p).withCondition(Names.upCondition(n));
  }
}
