package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tool killed at every single AWS call of a roll, then run again: the roll always finishes,
 * with exactly N+1 stack updates in all, no interface or volume touched, never two nodes down.
 */
class RollResumeTest {
  static final String NAME = "resume";
  static final int NODES = 3;

  @Test
  void killedAtAnyCallTheRollFinishesWhenRunAgain() throws Exception {
    int calls = callsOfAnUninterruptedRoll();
    assertThat(calls).isGreaterThan(20);

    for (int k = 1; k <= calls; k++) {
      SimWorld world = new SimWorld();
      world.deploy(SimWorld.counted(NAME, NODES, ""));
      Map<String, String> durable = world.durableIds(NAME);
      int updatesBefore = world.calls("ExecuteChangeSet");
      KillingCloud killer = new KillingCloud(world.cloud, api -> true, k);

      Throwable killed =
          catchThrowable(
              () -> new Roller(killer, world.polling, world.progress).roll(NAME, options()));
      assertThat(killed).as("killed at call %d", k).isInstanceOf(KillingCloud.Killed.class);

      Roller.Report resumed = world.roller().roll(NAME, options());

      assertThat(resumed.failed()).as("call %d: %s", k, resumed.failure()).isFalse();
      assertThat(world.stack(NAME).parameters())
          .as("call %d", k)
          .containsEntry("NodeDown", "none")
          .containsEntry("Node1Image", SimWorld.AMI_NEW)
          .containsEntry("Node2Image", SimWorld.AMI_NEW)
          .containsEntry("Node3Image", SimWorld.AMI_NEW);
      assertThat(world.calls("ExecuteChangeSet") - updatesBefore)
          .as("updates, killed at call %d", k)
          .isEqualTo(NODES + 1);
      assertThat(world.durableIds(NAME)).as("call %d", k).isEqualTo(durable);
      RollTest.assertAtMostOneNodeDown(world, NAME);
    }
  }

  private static int callsOfAnUninterruptedRoll() throws Exception {
    SimWorld world = new SimWorld();
    world.deploy(SimWorld.counted(NAME, NODES, ""));
    int before = world.cloud.totalCalls();
    world.roller().roll(NAME, options());
    return world.cloud.totalCalls() - before;
  }

  private static RollOptions options() {
    return RollOptions.to(SimWorld.AMI_NEW);
  }
}
