package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.roll.Batch;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import dev.statefulcluster.testing.InterceptedCloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The nested zone roll's gates and failures: a health check from here after each zone and before
 * the next goes, an AWS error in the middle of a step, and each node's time without an instance. 70
 * nodes over three zones (nodes 1, 4, 7… in zone a), two groups.
 */
class NestedRollSafetyTest {
  static final String NAME = NestedRollTest.NAME;
  static final int NODES = 70;

  /**
   * A check from here that records each probe (after how many updates, which node, its address).
   */
  static final class Probes implements HealthCheck {
    final SimWorld world;
    final int updatesBefore;
    final BiPredicate<Integer, String> passes;
    final List<String> seen = new ArrayList<>();
    final Map<String, String> addresses = new TreeMap<>();

    Probes(SimWorld world, BiPredicate<Integer, String> passes) {
      this.world = world;
      this.updatesBefore = world.calls("ExecuteChangeSet");
      this.passes = passes;
    }

    int updates() {
      return world.calls("ExecuteChangeSet") - updatesBefore;
    }

    @Override
    public String describe() {
      return "tcp 9042";
    }

    @Override
    public boolean probe(String node, String ip) {
      seen.add(updates() + ":" + node);
      addresses.put(node, ip);
      return passes.test(updates(), node);
    }
  }

  static RollOptions gated(String ami, HealthCheck check) {
    return RollOptions.to(ami).gatedOn(check, Duration.ofMinutes(5)).by(Batch.zone());
  }

  @Test
  void aHealthGatedZoneRollChecksEveryOtherNodeBeforeAZoneGoesAndTheZoneOnceUp() throws Exception {
    SimWorld world = new SimWorld();
    world.deploy(SimWorld.counted(NAME, NODES, ""));
    Map<String, String> durable = NestedRollTest.durable(world);
    Probes check = new Probes(world, (updates, node) -> true);

    Roller.Report report = world.roller().roll(NAME, gated(SimWorld.AMI_NEW, check));

    assertThat(report.failed()).as("%s", report.failure()).isFalse();
    assertThat(check.updates()).as("2 updates a zone").isEqualTo(6);
    // Before zone a goes: the 46 nodes of zones b and c; once zone a is up (update 2): its 24
    // nodes; then, before zone b goes, every node outside zone b (47).
    assertThat(check.seen.subList(0, 46)).allMatch(p -> p.startsWith("0:")).contains("0:node2");
    assertThat(check.seen.subList(0, 46)).doesNotContain("0:node1", "0:node4");
    assertThat(check.seen.subList(46, 70))
        .allMatch(p -> p.startsWith("2:"))
        .contains("2:node1", "2:node70");
    assertThat(check.seen.subList(70, 117)).allMatch(p -> p.startsWith("2:")).contains("2:node1");
    assertThat(check.seen.subList(70, 117)).doesNotContain("2:node2");
    // Each node is probed at its interface's address, read from its network stack.
    assertThat(check.addresses)
        .hasSize(NODES)
        .allSatisfy((n, ip) -> assertThat(ip).startsWith("10.0."));
    assertThat(world.lines)
        .anyMatch(l -> l.startsWith("  node1, node4, node7") && l.endsWith("pass tcp 9042"));
    NestedRollTest.assertEveryNodeOn(world, SimWorld.AMI_NEW);
    assertThat(NestedRollTest.durable(world)).isEqualTo(durable);
    NestedRollTest.assertAtMostOneZoneDown(world);
  }

  @Test
  void aZoneFailingItsCheckStopsTheRollBeforeTheNextZoneAndTheRerunChecksItFirst()
      throws Exception {
    SimWorld world = new SimWorld();
    world.deploy(SimWorld.counted(NAME, NODES, ""));
    // node4 (zone a) is up on the new AMI after update 2 but does not pass.
    Probes failing = new Probes(world, (updates, node) -> !(updates >= 2 && node.equals("node4")));

    Throwable stopped =
        catchThrowable(() -> world.roller().roll(NAME, gated(SimWorld.AMI_NEW, failing)));

    assertThat(stopped)
        .isInstanceOf(OpsException.class)
        .hasMessageStartingWith("node4 (10.0.")
        .hasMessageContaining("fails tcp 9042 after 5m")
        .hasMessageContaining(
            "is up on "
                + SimWorld.AMI_NEW
                + " and the roll stopped before taking another zone away; running the same"
                + " command again checks it first and goes on once it passes: run"
                + " 'stateful-cluster roll "
                + NAME
                + " --ami "
                + SimWorld.AMI_NEW
                + " --batch zone' (with the same health check)");
    assertThat(((OpsException) stopped).kind()).isEqualTo(OpsException.Kind.FAILED);
    assertThat(failing.updates()).as("zone b never taken away").isEqualTo(2);
    assertThat(world.stack(NAME).parameters()).containsEntry("NodeDown", "none");

    // Fixed: the rerun checks node4 before zone b goes, and finishes zones b and c.
    Probes fixed = new Probes(world, (updates, node) -> true);
    Roller.Report report = world.roller().roll(NAME, gated(SimWorld.AMI_NEW, fixed));
    assertThat(report.failed()).isFalse();
    assertThat(fixed.updates()).isEqualTo(4);
    assertThat(fixed.seen).first().isEqualTo("0:node1");
    assertThat(fixed.seen).contains("0:node4");
    NestedRollTest.assertEveryNodeOn(world, SimWorld.AMI_NEW);
    NestedRollTest.assertAtMostOneZoneDown(world);
  }

  /**
   * An AWS error that outlasts the retries on the second step (zone a up, zone b away), at the
   * change set's creation, its description or its execution: zone a, away since the first step,
   * comes back on its AMI, the roll stops naming it and the command to resume, and that command
   * finishes the roll.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "createChangeSet, Throttling, Rate exceeded",
    "describeChangeSet, InternalFailure, We encountered an internal error",
    "executeChangeSet, ValidationError, Stack is in UPDATE_IN_PROGRESS state"
  })
  void anAwsErrorOnAStepBringsTheAwayZoneBackAndTheRerunFinishes(
      String api, String code, String message) throws Exception {
    SimWorld world = new SimWorld();
    world.deploy(SimWorld.counted(NAME, NODES, ""));
    Map<String, String> durable = NestedRollTest.durable(world);
    int updates = world.calls("ExecuteChangeSet");
    // The first such call of the second step (the first step's verdict describes change sets too).
    int[] creates = {0};
    boolean[] thrown = {false};
    Cloud failing =
        new InterceptedCloud(
            world.cloud,
            (a, call) -> {
              if (a.equals("createChangeSet")) {
                creates[0]++;
              }
              if (!thrown[0] && creates[0] == 2 && a.equals(api)) {
                thrown[0] = true;
                throw new CloudException(code, message, false, null);
              }
            });

    Roller.Report report =
        new Roller(failing, world.polling, world.progress)
            .roll(NAME, NestedRollTest.byZone(SimWorld.AMI_NEW));

    assertThat(report.failed()).isTrue();
    assertThat(report.failure())
        .startsWith("eu-west-1a (node1, node4")
        .contains("could not come up on " + SimWorld.AMI_NEW + ": " + message)
        .contains("is back on " + SimWorld.AMI_OLD + "; zones not yet rolled are untouched")
        .endsWith(
            "resume once the cause is fixed: run 'stateful-cluster roll "
                + NAME
                + " --ami "
                + SimWorld.AMI_NEW
                + " --batch zone'");
    assertThat(world.calls("ExecuteChangeSet") - updates).as("away, then back").isEqualTo(2);
    assertThat(world.stack(NAME).parameters()).containsEntry("NodeDown", "none");
    NestedRollTest.assertEveryNodeOn(world, SimWorld.AMI_OLD);
    NestedRollTest.assertAtMostOneZoneDown(world);

    Roller.Report resumed = world.roller().roll(NAME, NestedRollTest.byZone(SimWorld.AMI_NEW));

    assertThat(resumed.failed()).isFalse();
    NestedRollTest.assertEveryNodeOn(world, SimWorld.AMI_NEW);
    assertThat(NestedRollTest.durable(world)).isEqualTo(durable);
    NestedRollTest.assertAtMostOneZoneDown(world);
  }

  /**
   * The stack's events cannot be read while the second step runs: the update goes on in
   * CloudFormation, and the message says so; the rerun waits for it and finishes, 4 updates in all.
   */
  @Test
  void anAwsErrorWhileAStepRunsSaysCloudFormationGoesOnAndTheRerunFinishes() throws Exception {
    SimWorld world = new SimWorld();
    world.deploy(SimWorld.counted(NAME, NODES, ""));
    int updates = world.calls("ExecuteChangeSet");
    int[] executed = {0};
    Cloud failing =
        new InterceptedCloud(
            world.cloud,
            (api, call) -> {
              if (api.equals("executeChangeSet")) {
                executed[0]++;
              } else if (executed[0] == 2 && api.equals("describeStackEvents")) {
                throw new CloudException("Throttling", "Rate exceeded", false, null);
              }
            });

    Throwable t =
        catchThrowable(
            () ->
                new Roller(failing, world.polling, world.progress)
                    .roll(NAME, NestedRollTest.byZone(SimWorld.AMI_NEW)));

    assertThat(t)
        .hasMessageContaining("Rate exceeded")
        .hasMessageEndingWith(
            "CloudFormation is still updating "
                + NAME
                + "; run 'stateful-cluster roll "
                + NAME
                + " --ami "
                + SimWorld.AMI_NEW
                + " --batch zone': it waits and carries on");

    Roller.Report resumed = world.roller().roll(NAME, NestedRollTest.byZone(SimWorld.AMI_NEW));

    assertThat(resumed.failed()).isFalse();
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(4);
    NestedRollTest.assertEveryNodeOn(world, SimWorld.AMI_NEW);
    NestedRollTest.assertAtMostOneZoneDown(world);
  }

  /**
   * Each node's time without an instance, from its nodes stack's events: from its instance's
   * deletion in one update to its new instance's creation in the next, for every node.
   */
  @Test
  void theReportHasEveryNodesTimeWithoutAnInstance() throws Exception {
    SimWorld world = new SimWorld();
    world.deploy(SimWorld.counted(NAME, NODES, ""));

    Roller.Report report = world.roller().roll(NAME, NestedRollTest.byZone(SimWorld.AMI_NEW));

    assertThat(report.failed()).isFalse();
    assertThat(report.downtime()).hasSize(NODES);
    // A node is away from its deletion to its new instance's signal: more than the 90 s the AMI
    // takes to signal, less than the whole roll.
    assertThat(report.downtime().values())
        .allSatisfy(
            d -> assertThat(d).isGreaterThan(Duration.ofSeconds(90)).isLessThan(report.elapsed()));
  }
}
