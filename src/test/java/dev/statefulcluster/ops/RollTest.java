package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.sim.ImageBehavior;
import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import dev.statefulcluster.synth.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rolling AMI updates against the in-memory model, which deadlocks on in-place replacement. */
class RollTest {
  final SimWorld world = new SimWorld();

  private Map<String, String> create(String name, int nodes) throws Exception {
    world.deploy(SimWorld.counted(name, nodes, ""));
    return world.durableIds(name);
  }

  private Roller.Report roll(String name, String ami, RollOptions options) throws Exception {
    return world.roller().roll(name, options);
  }

  static RollOptions to(String ami) {
    return RollOptions.to(ami);
  }

  @ParameterizedTest(name = "{0} nodes")
  @ValueSource(ints = {3, 9})
  void rollsEveryNodeInNPlusOneUpdatesNeverTwoDownTouchingNoInterfaceOrVolume(int nodes)
      throws Exception {
    String name = "roll-" + nodes;
    Map<String, String> durable = create(name, nodes);
    int updates = world.calls("ExecuteChangeSet");

    Roller.Report report = roll(name, SimWorld.AMI_NEW, to(SimWorld.AMI_NEW));

    assertThat(report.failed()).isFalse();
    assertThat(report.steps()).hasSize(nodes + 1);
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(nodes + 1);
    assertThat(new StatusReader(world.cloud).read(name, 0).nodes())
        .extracting(NodeStatus::ami)
        .containsOnly(SimWorld.AMI_NEW);
    assertThat(world.durableIds(name)).isEqualTo(durable);
    assertThat(world.stack(name).parameters()).containsEntry("NodeDown", "none");
    assertThat(report.downtime()).hasSize(nodes);
    assertAtMostOneNodeDownAtATime(name);
  }

  @Test
  void aNodeWhoseNewAmiNeverSignalsComesBackOnItsOldAmiAndTheRollStopsThere() throws Exception {
    String name = "roll-bad";
    Map<String, String> durable = create(name, 4);
    // node1 rolls fine; then the new AMI turns out to hang on boot.
    roll(name, SimWorld.AMI_NEW, RollOptions.to(SimWorld.AMI_NEW).onNodes(List.of(1)));
    world.sim.ec2().setImageBehavior(SimWorld.AMI_NEW, ImageBehavior.neverSignals());
    world.lines.clear();

    Roller.Report report = roll(name, SimWorld.AMI_NEW, to(SimWorld.AMI_NEW));

    assertThat(report.failedNode()).isEqualTo(2);
    assertThat(report.failure())
        .contains("node2 failed on " + SimWorld.AMI_NEW)
        .contains("Failed to receive 1 resource signal(s)")
        .contains("node2 is back on " + SimWorld.AMI_OLD + "; nodes not yet rolled are untouched");
    List<NodeStatus> nodes = new StatusReader(world.cloud).read(name, 0).nodes();
    assertThat(nodes)
        .extracting(NodeStatus::ami)
        .containsExactly(SimWorld.AMI_NEW, SimWorld.AMI_OLD, SimWorld.AMI_OLD, SimWorld.AMI_OLD);
    assertThat(nodes).extracting(NodeStatus::instanceState).containsOnly("running");
    assertThat(world.durableIds(name)).isEqualTo(durable);
    assertThat(world.stack(name).parameters()).containsEntry("NodeDown", "none");
    assertAtMostOneNodeDownAtATime(name);
    assertThat(instanceEvents(name, 3))
        .as("node3 untouched by the failed roll")
        .noneMatch(
            e ->
                e.timestamp().isAfter(world.sim.ticker().now().minusSeconds(3600))
                    && e.status().startsWith("DELETE"));
  }

  @Test
  void aNodeDownAfterARolledBackStepIsBroughtBackWhenRollRunsAgain() throws Exception {
    String name = "roll-resume-failed";
    create(name, 3);
    world
        .sim
        .ec2()
        .setImageBehavior(SimWorld.AMI_NEW, ImageBehavior.failsAfter(Duration.ofSeconds(30)));
    // The tool is killed right after the failing step's rollback: node1 stays away.
    KillingCloud killer = new KillingCloud(world.cloud, api -> api.equals("createChangeSet"), 3);
    Throwable killed =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                new Roller(killer, world.polling, world.progress).roll(name, to(SimWorld.AMI_NEW)));
    assertThat(killed).isInstanceOf(KillingCloud.Killed.class);
    assertThat(world.stack(name).parameters()).containsEntry("NodeDown", "node1");

    Roller.Report report = roll(name, SimWorld.AMI_NEW, to(SimWorld.AMI_NEW));

    assertThat(report.failedNode()).isEqualTo(1);
    assertThat(report.failure()).contains("Received FAILURE signal");
    assertThat(world.stack(name).parameters()).containsEntry("NodeDown", "none");
    assertThat(new StatusReader(world.cloud).read(name, 0).nodes())
        .extracting(NodeStatus::ami)
        .containsOnly(SimWorld.AMI_OLD);
  }

  @Test
  void dryRunPrintsEachUpdateAndWhoIsDownAndChangesNothing() throws Exception {
    String name = "roll-dry";
    create(name, 3);
    int changeSets = world.calls("CreateChangeSet");
    world.lines.clear();

    world.roller().roll(name, RollOptions.to(SimWorld.AMI_NEW).dryRun(true));

    assertThat(world.calls("CreateChangeSet")).isEqualTo(changeSets);
    assertThat(world.lines)
        .containsExactly(
            "roll roll-dry to "
                + SimWorld.AMI_NEW
                + ": 4 stack updates, one node away at a time"
                + " (each node gated on its signal)",
            "  update 1: take node1 away                                         | away: node1",
            "  update 2: node1 up on "
                + SimWorld.AMI_NEW
                + ", then take node2 away"
                + " | away: node1 until it signals, then node2",
            "  update 3: node2 up on "
                + SimWorld.AMI_NEW
                + ", then take node3 away"
                + " | away: node2 until it signals, then node3",
            "  update 4: node3 up on " + SimWorld.AMI_NEW + "                       | away: node3");
  }

  @Test
  void aHealthCheckFromTheToolGatesEachNodeSeparately() throws Exception {
    String name = "roll-checked";
    create(name, 2);
    List<String> probed = new ArrayList<>();
    HealthCheck check =
        new HealthCheck() {
          @Override
          public String describe() {
            return "tcp 9042";
          }

          @Override
          public boolean probe(String node, String ip) {
            probed.add(node + "@" + ip);
            // Up on the second look: a service takes a moment after the signal.
            return probed.stream().filter(p -> p.startsWith(node)).count() >= 2;
          }
        };

    Roller.Report report =
        world
            .roller()
            .roll(name, RollOptions.to(SimWorld.AMI_NEW).gatedOn(check, Duration.ofMinutes(5)));

    assertThat(report.steps()).hasSize(4);
    // node2 is asked before node1 goes away, node1 once it is up and again before node2 goes.
    assertThat(probed).hasSize(6).allMatch(p -> p.matches("node[12]@10\\.0\\.[12]\\.\\d+"));
    assertThat(probed.subList(0, 2)).allMatch(p -> p.startsWith("node2@"));
    assertAtMostOneNodeDownAtATime(name);
  }

  @Test
  void aClusterFailingTheToolsHealthCheckLosesNoNodeToTheRoll() throws Exception {
    String name = "roll-unhealthy";
    create(name, 3);
    int updates = world.calls("ExecuteChangeSet");
    HealthCheck never =
        new HealthCheck() {
          @Override
          public String describe() {
            return "tcp 9042";
          }

          @Override
          public boolean probe(String node, String ip) {
            return false;
          }
        };

    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                world
                    .roller()
                    .roll(
                        name,
                        RollOptions.to(SimWorld.AMI_NEW).gatedOn(never, Duration.ofMinutes(3))));

    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessageContaining(
            "fails tcp 9042 after 3m00s; taking node1 away now would put two nodes out of service");
    assertThat(world.calls("ExecuteChangeSet")).isEqualTo(updates);
    assertThat(world.stack(name).parameters())
        .containsEntry("NodeDown", "none")
        .containsEntry("Node1Image", SimWorld.AMI_OLD);
  }

  @Test
  void onlyTheNodesAskedForAreRolled() throws Exception {
    String name = "roll-some";
    create(name, 3);

    Roller.Report report =
        world.roller().roll(name, RollOptions.to(SimWorld.AMI_NEW).onNodes(List.of(3, 1)));

    assertThat(report.steps()).hasSize(3);
    assertThat(world.stack(name).parameters())
        .containsEntry("Node1Image", SimWorld.AMI_NEW)
        .containsEntry("Node2Image", SimWorld.AMI_OLD)
        .containsEntry("Node3Image", SimWorld.AMI_NEW);
  }

  private List<StackEvent> instanceEvents(String name, int node) {
    return world.sim.stacks().describeStackEvents(name, 10_000).stream()
        .filter(e -> e.logicalId().equals(Names.instance(node)))
        .toList();
  }

  /**
   * From the stack's own events: a node is down from its instance's DELETE_IN_PROGRESS until its
   * new instance's CREATE_COMPLETE; no two such intervals overlap.
   */
  void assertAtMostOneNodeDownAtATime(String name) {
    assertAtMostOneNodeDown(world, name);
  }

  static void assertAtMostOneNodeDown(SimWorld world, String name) {
    List<StackEvent> events = new ArrayList<>(world.sim.stacks().describeStackEvents(name, 10_000));
    java.util.Collections.reverse(events);
    Map<Integer, Instant> down = new TreeMap<>();
    int mostDown = 0;
    for (StackEvent e : events) {
      int n = Names.nodeNumber(e.logicalId());
      if (n == 0 || !e.logicalId().equals(Names.instance(n))) {
        continue;
      }
      if (e.status().equals("DELETE_IN_PROGRESS")) {
        down.put(n, e.timestamp());
      } else if (e.status().equals("CREATE_COMPLETE")) {
        down.remove(n);
      }
      mostDown = Math.max(mostDown, down.size());
    }
    assertThat(mostDown).as("nodes down at the same time").isLessThanOrEqualTo(1);
    assertThat(down).as("nodes left down").isEmpty();
  }
}
