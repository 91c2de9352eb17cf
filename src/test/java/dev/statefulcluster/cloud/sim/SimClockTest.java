package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimClockTest {

  @Test
  void sleepRunsDueEventsInTimeOrderTiesInSchedulingOrder() {
    SimClock clock = new SimClock();
    List<String> ran = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(20), () -> ran.add("b@20"));
    clock.schedule(Duration.ofSeconds(10), () -> ran.add("a@10"));
    clock.schedule(Duration.ofSeconds(20), () -> ran.add("c@20"));
    clock.schedule(
        Duration.ofSeconds(10),
        () -> clock.schedule(Duration.ZERO, () -> ran.add("d@10 scheduled by a@10's neighbour")));
    clock.schedule(Duration.ofSeconds(31), () -> ran.add("late"));

    clock.sleep(Duration.ofSeconds(30));

    assertThat(ran).containsExactly("a@10", "d@10 scheduled by a@10's neighbour", "b@20", "c@20");
    assertThat(clock.now()).isEqualTo(SimClock.START.plusSeconds(30));
    assertThat(clock.pending()).isEqualTo(1);
  }

  @Test
  void cancelledEventsDoNotRun() {
    SimClock clock = new SimClock();
    List<String> ran = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("x")).cancel();
    clock.sleep(Duration.ofSeconds(2));
    assertThat(ran).isEmpty();
    assertThatThrownBy(() -> clock.sleep(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anHourOfAwsTimePassesInOneSleep() {
    Scenario sc = new Scenario();
    var cs =
        sc.changeSet(dev.statefulcluster.cloud.ChangeSetType.CREATE, Scenario.cluster(), List.of());
    sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());
    var start = sc.sim.ticker().now();

    sc.sim.ticker().sleep(Duration.ofHours(1));

    assertThat(Duration.between(start, sc.sim.ticker().now())).isEqualTo(Duration.ofHours(1));
    assertThat(sc.stack().status()).isEqualTo(StackStatus.CREATE_COMPLETE);
  }

  @Test
  void latenciesAreConfigurable() {
    SimLatencies slow =
        SimLatencies.defaults().with(SimLatencies.Step.INSTANCE_PROFILE, Duration.ofMinutes(30));
    Scenario sc = new Scenario(new SimCloud(slow));
    var cs =
        sc.changeSet(dev.statefulcluster.cloud.ChangeSetType.CREATE, Scenario.cluster(), List.of());
    sc.sim.stacks().executeChangeSet(Scenario.STACK, cs.name());

    sc.sleep(Duration.ofMinutes(20));
    assertThat(sc.stack().status()).isEqualTo(StackStatus.CREATE_IN_PROGRESS);
    sc.sleep(Duration.ofMinutes(15));
    assertThat(sc.stack().status()).isEqualTo(StackStatus.CREATE_COMPLETE);
    assertThat(SimLatencies.defaults().get(SimLatencies.Step.INSTANCE_PROFILE))
        .isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void twoRunsOfTheSameScenarioProduceTheSameIdsAndEvents() {
    Scenario a = new Scenario();
    Scenario b = new Scenario();
    a.createCluster();
    b.createCluster();
    assertThat(a.eventsOldestFirst()).isEqualTo(b.eventsOldestFirst());
  }
}
