package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.ops.core.Elapsed;
import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.roll.Batch;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --batch zone}: every node of one availability zone away at once, never two zones; the
 * health gate checks every node of a zone before the next zone goes. Nodes counted over three
 * subnets sit in zones a, b, c, a, b, c…
 */
class RollByZoneTest {
  final SimWorld world = new SimWorld();

  static RollOptions byZone(String ami, HealthCheck check) {
    return RollOptions.to(ami).gatedOn(check, Duration.ofMinutes(5)).by(Batch.zone());
  }

  @Test
  void nineNodesOverThreeZonesRollInFourUpdatesOneZoneAwayAtATime() throws Exception {
    world.deploy(SimWorld.counted("zones", 9, ""));
    Map<String, String> durable = world.durableIds("zones");
    int updates = world.calls("ExecuteChangeSet");

    Roller.Report report = world.roller().roll("zones", byZone(SimWorld.AMI_NEW, null));

    assertThat(report.failed()).isFalse();
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(4);
    assertThat(world.lines)
        .contains(
            "[1/4] take eu-west-1a (node1, node4, node7) away (elapsed 0s)",
            "rolled zones to " + SimWorld.AMI_NEW + " in 4 updates, " + elapsed(report));
    assertThat(new StatusReader(world.cloud).read("zones", 0).nodes())
        .extracting(NodeStatus::ami)
        .hasSize(9)
        .containsOnly(SimWorld.AMI_NEW);
    assertThat(world.durableIds("zones")).isEqualTo(durable);
    assertThat(world.stack("zones").parameters()).containsEntry("NodeDown", "none");
    DeployRollTest.assertAtMostOneZoneDown(world, "zones");
  }

  @Test
  void theHealthGateChecksEveryNodeOfAZoneBeforeTheNextZoneGoes() throws Exception {
    world.deploy(SimWorld.counted("zones-health", 6, ""));
    int updates = world.calls("ExecuteChangeSet");
    List<String> probes = new ArrayList<>();
    HealthCheck check =
        new HealthCheck() {
          @Override
          public String describe() {
            return "tcp 9042";
          }

          @Override
          public boolean probe(String node, String ip) {
            probes.add((world.calls("ExecuteChangeSet") - updates) + ":" + node);
            return true;
          }
        };

    Roller.Report report = world.roller().roll("zones-health", byZone(SimWorld.AMI_NEW, check));

    assertThat(report.failed()).isFalse();
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(2 * 3);
    // Before zone a goes, the other zones' nodes pass; zone a (node1, node4) comes up in update 2
    // and both pass; then every node outside zone b passes before update 3 takes it away.
    assertThat(probes.subList(0, 10))
        .containsExactly(
            "0:node2", "0:node3", "0:node5", "0:node6", "2:node1", "2:node4", "2:node1", "2:node3",
            "2:node4", "2:node6");
    DeployRollTest.assertAtMostOneZoneDown(world, "zones-health");
  }

  @Test
  void replacingOneNodeZoneByZoneTakesItsWholeZoneAwayAndBringsEveryNodeOfItBack()
      throws Exception {
    world.deploy(SimWorld.counted("zone-one", 6, ""));
    Map<String, String> before = world.physicalIds("zone-one");
    int updates = world.calls("ExecuteChangeSet");

    Roller.Report report =
        world
            .roller()
            .roll("zone-one", RollOptions.recreate().onNodes(List.of(2)).by(Batch.zone()));

    assertThat(report.failed()).isFalse();
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(2);
    assertThat(world.lines)
        .anyMatch(
            l ->
                l.startsWith("  update 1: take eu-west-1b (node2, node5) away ")
                    && l.endsWith("| away: eu-west-1b (node2, node5)"));
    Map<String, String> after = world.physicalIds("zone-one");
    assertThat(after.get("Node2Instance")).isNotEqualTo(before.get("Node2Instance"));
    assertThat(after.get("Node5Instance")).isNotEqualTo(before.get("Node5Instance"));
    assertThat(after.get("Node1Instance")).isEqualTo(before.get("Node1Instance"));
    assertThat(world.stack("zone-one").parameters()).containsEntry("NodeDown", "none");
  }

  @Test
  void killedAtAnyCallTheZoneRollFinishesWhenRunAgain() throws Exception {
    int calls;
    {
      SimWorld clean = new SimWorld();
      clean.deploy(SimWorld.counted("zk", 6, ""));
      int before = clean.cloud.totalCalls();
      clean.roller().roll("zk", byZone(SimWorld.AMI_NEW, null));
      calls = clean.cloud.totalCalls() - before;
    }
    for (int k = 1; k <= calls; k++) {
      SimWorld w = new SimWorld();
      w.deploy(SimWorld.counted("zk", 6, ""));
      Map<String, String> durable = w.durableIds("zk");
      int updates = w.calls("ExecuteChangeSet");
      KillingCloud killer = new KillingCloud(w.cloud, api -> true, k);
      Throwable killed =
          catchThrowable(
              () ->
                  new Roller(killer, w.polling, w.progress)
                      .roll("zk", byZone(SimWorld.AMI_NEW, null)));
      assertThat(killed).as("killed at call %d", k).isInstanceOf(KillingCloud.Killed.class);

      Roller.Report resumed = w.roller().roll("zk", byZone(SimWorld.AMI_NEW, null));

      assertThat(resumed.failed()).as("call %d: %s", k, resumed.failure()).isFalse();
      assertThat(w.calls("ExecuteChangeSet") - updates).as("updates, call %d", k).isEqualTo(4);
      assertThat(w.stack("zk").parameters())
          .as("call %d", k)
          .containsEntry("NodeDown", "none")
          .containsEntry("Node6Image", SimWorld.AMI_NEW);
      assertThat(w.durableIds("zk")).as("call %d", k).isEqualTo(durable);
      DeployRollTest.assertAtMostOneZoneDown(w, "zk");
    }
  }

  private static String elapsed(Roller.Report report) {
    return Elapsed.format(report.elapsed());
  }
}
