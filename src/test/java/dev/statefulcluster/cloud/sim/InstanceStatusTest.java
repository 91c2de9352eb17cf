package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.Ec2Api.InstanceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DescribeInstanceStatus as the model answers it (IncludeAllInstances): checks initializing after
 * launch and after a start, then ok; a failed check impaired until a stop and start; not-applicable
 * for an instance that is not running; scheduled events listed. And the alarms on the checks: a
 * recover or reboot action once a check failed for the alarm's periods.
 */
class InstanceStatusTest {
  private final SimClock clock = new SimClock();
  private final SimContext ctx =
      new SimContext(
          clock, SimLatencies.defaults(), new IdGenerator(), "us-east-1", "123456789012");
  private final Ec2Model model = new Ec2Model(ctx);
  private final SimEc2 ec2 = new SimEc2(new ApiGate(clock), model);

  InstanceStatusTest() {
    model.network.addVpc("vpc-1", "10.0.0.0/16");
    model.network.addSubnet("subnet-a", "vpc-1", "us-east-1a", "10.0.1.0/24");
    model.images.put("ami-1", new Ec2Api.Image("ami-1", "n", "available", "x86_64", "/dev/xvda"));
    model.behaviors.put("ami-1", ImageBehavior.signalsAfter(Duration.ofSeconds(10)));
  }

  @Test
  void checksInitializeAfterLaunchThenPass() {
    String id = launch();
    assertThat(status(id)).isEqualTo(status(id, "pending", "not-applicable", "not-applicable"));

    clock.sleep(SimLatencies.Step.INSTANCE_RUNNING.defaultValue());
    assertThat(status(id)).isEqualTo(status(id, "running", "initializing", "initializing"));

    clock.sleep(SimLatencies.Step.STATUS_CHECKS.defaultValue());
    assertThat(status(id)).isEqualTo(status(id, "running", "ok", "ok"));
    assertThat(ec2.describeInstanceStatus(List.of(id)).get(0).impaired()).isFalse();
  }

  @Test
  void aFailedSystemCheckStaysImpairedUntilAStopAndStartMovesTheInstance() {
    String id = launchedAndChecked();
    ec2.impairSystemStatus(id);
    clock.sleep(Duration.ofHours(1));
    assertThat(status(id)).isEqualTo(status(id, "running", "impaired", "ok"));
    assertThat(ec2.describeInstanceStatus(List.of(id)).get(0).impaired()).isTrue();

    model.instances.restart(id, () -> {});
    clock.sleep(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(status(id)).isEqualTo(status(id, "running", "initializing", "initializing"));
    clock.sleep(SimLatencies.Step.STATUS_CHECKS.defaultValue());
    assertThat(status(id)).isEqualTo(status(id, "running", "ok", "ok"));
  }

  @Test
  void aFailedInstanceCheckIsReportedApartFromTheSystemCheck() {
    String id = launchedAndChecked();
    ec2.impairInstanceStatus(id);
    assertThat(status(id)).isEqualTo(status(id, "running", "ok", "impaired"));
  }

  @Test
  void aStoppedOrTerminatedInstanceHasNoChecksButIsStillListed() {
    String stopped = launchedAndChecked();
    String terminated = launchedAndChecked();
    ec2.impairSystemStatus(stopped);
    ec2.stopInstance(stopped);
    ec2.terminateInstance(terminated);
    assertThat(status(stopped))
        .isEqualTo(status(stopped, "stopping", "not-applicable", "not-applicable"));
    assertThat(status(terminated))
        .isEqualTo(status(terminated, "shutting-down", "not-applicable", "not-applicable"));

    clock.sleep(Duration.ofMinutes(1));
    assertThat(status(stopped))
        .isEqualTo(status(stopped, "stopped", "not-applicable", "not-applicable"));
    assertThat(status(terminated))
        .isEqualTo(status(terminated, "terminated", "not-applicable", "not-applicable"));
    // a stopped instance cannot be stopped again
    assertThatThrownBy(() -> ec2.stopInstance(stopped))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("IncorrectInstanceState"));

    // Once EC2 forgets the terminated instance (about an hour), it is absent from the answer.
    clock.sleep(Duration.ofHours(2));
    assertThat(ec2.describeInstanceStatus(List.of(stopped, terminated)))
        .extracting(InstanceStatus::instanceId)
        .containsExactly(stopped);
  }

  @Test
  void aTypeChangesOnlyWhileStoppedAndAStartRunsTheChecksAgain() {
    String id = launchedAndChecked();
    assertThatThrownBy(() -> ec2.modifyInstanceType(id, "m6i.xlarge"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("IncorrectInstanceState"));
    assertThatThrownBy(() -> ec2.startInstance(id))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("IncorrectInstanceState"));
    ec2.stopInstance(id);
    clock.sleep(SimLatencies.Step.INSTANCE_STOP.defaultValue());
    ec2.modifyInstanceType(id, "m6i.xlarge");
    ec2.startInstance(id);
    assertThat(status(id).state()).isEqualTo("pending");
    clock.sleep(SimLatencies.Step.INSTANCE_RUNNING.defaultValue());

    assertThat(status(id)).isEqualTo(status(id, "running", "initializing", "initializing"));
    assertThat(ec2.describeInstances(List.of(id)).get(0).instanceType()).isEqualTo("m6i.xlarge");
  }

  @Test
  void scheduledEventsAreListedWithTheChecks() {
    String id = launchedAndChecked();
    Instant when = clock.now().plus(Duration.ofDays(10));
    ec2.scheduleEvent(
        id, "instance-retirement", "The instance is running on degraded hardware", when);

    InstanceStatus s = ec2.describeInstanceStatus(List.of(id)).get(0);
    assertThat(s.events()).hasSize(1);
    assertThat(s.events().get(0).code()).isEqualTo("instance-retirement");
    assertThat(s.events().get(0).notBefore()).isEqualTo(when);
    assertThat(s.events().get(0).pending()).isTrue();
    assertThat(s.systemStatus()).isEqualTo("ok");
  }

  @Test
  void oneCallDescribesEveryInstanceAskedFor() {
    String a = launchedAndChecked();
    String b = launchedAndChecked();
    assertThat(ec2.describeInstanceStatus(List.of(a, b, "i-0000000000000dead")))
        .extracting(InstanceStatus::instanceId)
        .containsExactlyInAnyOrder(a, b);
  }

  // ---- the alarms on the checks (recovery: true) ----

  private void alarm(String name, String metric, String instanceId, int periods, String action)
      throws Exception {
    model.alarms.put(
        name,
        TemplateParser.JSON.readTree(
            """
            {"Namespace": "AWS/EC2", "MetricName": "%s",
             "Dimensions": [{"Name": "InstanceId", "Value": "%s"}],
             "Statistic": "Maximum", "Period": 60, "EvaluationPeriods": %d, "Threshold": 1,
             "ComparisonOperator": "GreaterThanOrEqualToThreshold",
             "AlarmActions": ["arn:aws:automate:us-east-1:ec2:%s"]}
            """
                .formatted(metric, instanceId, periods, action)));
  }

  @Test
  void aRecoverAlarmActsOnceTheCheckFailedForItsPeriodsAtMostThreeTimesADay() throws Exception {
    String id = launchedAndChecked();
    alarm("recover", "StatusCheckFailed_System", id, 2, "recover");
    for (int k = 1; k <= 4; k++) {
      ec2.impairSystemStatus(id);
      clock.sleep(Duration.ofSeconds(119));
      assertThat(ec2.alarmActions()).hasSize(k - 1);
      clock.sleep(Duration.ofSeconds(1));
      if (k <= 3) {
        assertThat(ec2.alarmActions()).hasSize(k).last().isEqualTo("recover " + id);
        assertThat(status(id).systemStatus()).isEqualTo("initializing");
        clock.sleep(SimLatencies.Step.STATUS_CHECKS.defaultValue());
      }
    }
    // The fourth failure in a day: EC2 does not try again; the host stays failed.
    clock.sleep(Duration.ofHours(1));
    assertThat(ec2.alarmActions()).hasSize(3);
    assertThat(status(id).systemStatus()).isEqualTo("impaired");
  }

  @Test
  void aTypeEc2CannotRecoverIsNotRecovered() throws Exception {
    String id = launchedAndChecked("m6id.large");
    alarm("recover", "StatusCheckFailed_System", id, 2, "recover");
    ec2.impairSystemStatus(id);
    clock.sleep(Duration.ofMinutes(10));
    assertThat(ec2.alarmActions()).isEmpty();
    assertThat(status(id).systemStatus()).isEqualTo("impaired");
  }

  @Test
  void aRebootCuresTheInstanceCheckNotTheHost() throws Exception {
    String id = launchedAndChecked();
    alarm("reboot", "StatusCheckFailed_Instance", id, 3, "reboot");
    ec2.impairSystemStatus(id);
    ec2.impairInstanceStatus(id);
    clock.sleep(Duration.ofMinutes(3));
    assertThat(ec2.alarmActions()).containsExactly("reboot " + id);
    assertThat(status(id)).isEqualTo(status(id, "running", "impaired", "initializing"));
  }

  @Test
  void aDeletedOrRetargetedAlarmDoesNotAct() throws Exception {
    String id = launchedAndChecked();
    String other = launchedAndChecked();
    alarm("gone", "StatusCheckFailed_System", id, 2, "recover");
    alarm("moved", "StatusCheckFailed_System", id, 2, "recover");
    ec2.impairSystemStatus(id);
    model.alarms.delete("gone");
    alarm("moved", "StatusCheckFailed_System", other, 2, "recover");
    clock.sleep(Duration.ofMinutes(10));
    assertThat(ec2.alarmActions()).isEmpty();
  }

  private InstanceStatus status(String id) {
    List<InstanceStatus> all = ec2.describeInstanceStatus(List.of(id));
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static InstanceStatus status(String id, String state, String system, String instance) {
    return new InstanceStatus(id, state, system, instance, List.of());
  }

  private String launchedAndChecked() {
    return launchedAndChecked("t3.small");
  }

  private String launchedAndChecked(String type) {
    String id = launch(type);
    clock.sleep(
        SimLatencies.Step.INSTANCE_RUNNING
            .defaultValue()
            .plus(SimLatencies.Step.STATUS_CHECKS.defaultValue()));
    return id;
  }

  private String launch() {
    return launch("t3.small");
  }

  private String launch(String type) {
    SimEni eni = model.network.createEni("subnet-a", List.of(), null, null);
    return model.instances.run(
            new Instances.Launch(
                "ami-1",
                type,
                null,
                null,
                List.of(new Instances.Nic(eni.id, 0, null, null, List.of(), null)),
                null,
                List.of(),
                null,
                List.of(),
                List.of(),
                Map.of()),
            new Instances.Listener() {
              @Override
              public void running(SimInstance i) {}

              @Override
              public void failed(CloudException e) {
                throw e;
              }
            })
        .id;
  }
}
