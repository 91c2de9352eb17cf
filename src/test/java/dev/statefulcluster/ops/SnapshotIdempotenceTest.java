package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.IdentityApi;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.TemplateStore;
import dev.statefulcluster.cloud.Ticker;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.ResilientCloud;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * snapshot makes one set with one snapshot per node, whatever is retried: a CreateSnapshot whose
 * answer was lost, or the whole command run again after it was killed.
 */
class SnapshotIdempotenceTest {
  static final String NAME = "cass-test";
  final SimWorld world = new SimWorld();

  /**
   * AWS took the snapshot, then the answer was lost (a 5xx, a timeout) and the SDK tried again: two
   * snapshots exist, and the caller is told of the second.
   */
  static final class LostAnswer implements Cloud {
    private final Cloud inner;
    private int lose;

    LostAnswer(Cloud inner, int lose) {
      this.inner = inner;
      this.lose = lose;
    }

    @Override
    public StackApi stacks() {
      return inner.stacks();
    }

    @Override
    public Ec2Api ec2() {
      Ec2Api target = inner.ec2();
      return (Ec2Api)
          Proxy.newProxyInstance(
              Ec2Api.class.getClassLoader(),
              new Class<?>[] {Ec2Api.class},
              (proxy, method, args) -> {
                Object result;
                try {
                  result = method.invoke(target, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
                if (method.getName().equals("createSnapshot") && lose-- > 0) {
                  // The SDK's own retry, below the port: the caller sees the second answer only.
                  try {
                    return method.invoke(target, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                }
                return result;
              });
    }

    @Override
    public TemplateStore templates() {
      return inner.templates();
    }

    @Override
    public IdentityApi identity() {
      return inner.identity();
    }

    @Override
    public String region() {
      return inner.region();
    }

    @Override
    public Ticker ticker() {
      return inner.ticker();
    }
  }

  private List<Ec2Api.Snapshot> snapshotsOfTheCluster() {
    return world.sim.ec2().findSnapshots(Map.of("stateful-cluster:cluster", NAME));
  }

  @Test
  void aCreateSnapshotRetriedAfterItsAnswerWasLostDoesNotPutTwoOfANodeInTheSet() throws Exception {
    world.deploy(SimWorld.listed(NAME, "{size: 100}", ""));
    Cloud lossy = new ResilientCloud(new LostAnswer(world.sim, 1));

    Snapshotter.SnapshotSet set =
        new Snapshotter(lossy, world.polling, world.progress).snapshot(NAME, Map.of());

    assertThat(snapshotsOfTheCluster()).hasSize(4);
    assertThat(set.duplicates()).hasSize(1);
    assertThat(SnapshotSets.resolve(set.name(), 3, world.sim.ec2()))
        .containsExactlyElementsOf(
            set.members().stream().map(Snapshotter.Member::snapshotId).toList())
        .doesNotContain(set.duplicates().get(0));
  }

  @Test
  void snapshotKilledMidwayAndRunAgainFinishesTheSameSet() throws Exception {
    world.deploy(SimWorld.listed(NAME, "{size: 100}", ""));
    KillingCloud killing = new KillingCloud(world.cloud, "createSnapshot"::equals, 3);
    assertThat(
            catchThrowable(
                () ->
                    new Snapshotter(killing, world.polling, world.progress)
                        .snapshot(NAME, Map.of())))
        .isInstanceOf(KillingCloud.Killed.class);
    List<Ec2Api.Snapshot> half = snapshotsOfTheCluster();
    assertThat(half).hasSize(2);
    // a half-made set is not usable by name
    assertThat(
            catchThrowable(
                () ->
                    SnapshotSets.resolve(
                        half.get(0).tags().get(Snapshotter.PART_TAG), 3, world.sim.ec2())))
        .isInstanceOf(OpsException.class);
    world.sim.ticker().sleep(Duration.ofMinutes(5));

    Snapshotter.SnapshotSet set =
        new Snapshotter(world.cloud, world.polling, world.progress).snapshot(NAME, Map.of());

    assertThat(set.resumed()).isTrue();
    assertThat(set.name()).isEqualTo(half.get(0).tags().get(Snapshotter.PART_TAG));
    assertThat(snapshotsOfTheCluster()).hasSize(3);
    assertThat(set.members())
        .extracting(Snapshotter.Member::snapshotId)
        .containsAll(half.stream().map(Ec2Api.Snapshot::id).toList());
    assertThat(set.members()).allMatch(m -> m.state().equals("completed"));
    assertThat(SnapshotSets.resolve(set.name(), 3, world.sim.ec2())).hasSize(3);
    assertThat(world.output())
        .contains(
            "carrying on with snapshot set "
                + set.name()
                + ", left unfinished by an interrupted run");

    // once whole, the next run makes a new set
    world.sim.ticker().sleep(Duration.ofMinutes(1));
    Snapshotter.SnapshotSet next =
        new Snapshotter(world.cloud, world.polling, world.progress).snapshot(NAME, Map.of());
    assertThat(next.resumed()).isFalse();
    assertThat(next.name()).isNotEqualTo(set.name());
    assertThat(snapshotsOfTheCluster()).hasSize(6);
  }

  @Test
  void aSetWithEverySnapshotTakenIsNamedWhenRunAgainHoursLater() throws Exception {
    world.deploy(SimWorld.listed(NAME, "{size: 100}", ""));
    KillingCloud killing = new KillingCloud(world.cloud, "describeSnapshots"::equals, 1);
    catchThrowable(
        () -> new Snapshotter(killing, world.polling, world.progress).snapshot(NAME, Map.of()));
    assertThat(snapshotsOfTheCluster()).hasSize(3);
    world.sim.ticker().sleep(Duration.ofHours(3));

    Snapshotter.SnapshotSet set =
        new Snapshotter(world.cloud, world.polling, world.progress).snapshot(NAME, Map.of());

    assertThat(set.resumed()).isTrue();
    assertThat(snapshotsOfTheCluster()).hasSize(3);
    assertThat(SnapshotSets.resolve(set.name(), 3, world.sim.ec2())).hasSize(3);
  }

  @Test
  void anUnfinishedSetOlderThanAnHourIsLeftAlone() throws Exception {
    world.deploy(SimWorld.listed(NAME, "{size: 100}", ""));
    KillingCloud killing = new KillingCloud(world.cloud, "createSnapshot"::equals, 2);
    catchThrowable(
        () -> new Snapshotter(killing, world.polling, world.progress).snapshot(NAME, Map.of()));
    world.sim.ticker().sleep(Duration.ofHours(2));

    Snapshotter.SnapshotSet set =
        new Snapshotter(world.cloud, world.polling, world.progress).snapshot(NAME, Map.of());

    assertThat(set.resumed()).isFalse();
    assertThat(snapshotsOfTheCluster()).hasSize(4);
    assertThat(SnapshotSets.resolve(set.name(), 3, world.sim.ec2())).hasSize(3);
  }
}
