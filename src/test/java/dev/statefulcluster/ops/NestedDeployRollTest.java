package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.sim.ImageBehavior;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.synth.Names;
import dev.statefulcluster.synth.NodeSettings;
import dev.statefulcluster.testing.InterceptedCloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy's instance changes on a cluster over nested stacks: the in-place update first (every
 * running instance kept on what it was launched with), then the zone roll, each zone's nodes
 * re-created on the file's settings, N zones in N+1 parent updates, never two zones away, every
 * interface and volume kept. 70 nodes over three zones (nodes 1, 4, 7… in zone a), two groups.
 */
class NestedDeployRollTest {
  static final String NAME = "wide";
  static final int NODES = 70;
  static final Deployer.Options BY_ZONE =
      SimWorld.WITH_BUCKET.rolling(null, Duration.ofMinutes(5), true);

  static Stream<Arguments> instanceChanges() {
    String image = "image: {ami: " + SimWorld.AMI_OLD + "}";
    return Stream.of(
        Arguments.of(
            "instanceType",
            "",
            (UnaryOperator<String>)
                y -> y.replace("instanceType: m6i.large", "instanceType: m6i.xlarge")),
        Arguments.of(
            "keyPair", "", (UnaryOperator<String>) y -> y.replace("keyPair: ops", "keyPair: ops2")),
        Arguments.of(
            "rootVolumeSize",
            "",
            (UnaryOperator<String>)
                y ->
                    y.replace(image, "image: {ami: " + SimWorld.AMI_OLD + ", rootVolumeSize: 30}")),
        Arguments.of(
            "os",
            "",
            (UnaryOperator<String>)
                y -> y.replace(image, "image: {ami: " + SimWorld.AMI_OLD + ", os: debian}")),
        Arguments.of(
            "bootstrap",
            "bootstrap: |\n  echo v1\n",
            (UnaryOperator<String>) y -> y.replace("echo v1", "echo v2")),
        Arguments.of(
            "health.command",
            "",
            (UnaryOperator<String>)
                y ->
                    y.replace(
                        "health: {signalTimeout: 15m}",
                        "health: {signalTimeout: 15m, command: 'nc -z localhost 9042'}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("instanceChanges")
  void anInstanceChangeIsRolledZoneByZoneInFourParentUpdates(
      String setting, String extra, UnaryOperator<String> change) throws Exception {
    SimWorld world = new SimWorld();
    world.sim.ec2().addKeyPair("ops2");
    String before = SimWorld.counted(NAME, NODES, extra);
    String after = change.apply(before);
    assertThat(after).as("the change applies").isNotEqualTo(before);
    world.deploy(before);
    Map<String, String> durable = NestedRollTest.durable(world);
    Map<String, String> instances = NestedRollTest.instances(world);
    int updates = world.calls("ExecuteChangeSet");

    assertThat(world.deployer().deploy(SimWorld.spec(after), BY_ZONE))
        .isEqualTo(Deployer.Outcome.UPDATED);

    int inPlace = world.output().contains(NAME + ": no changes in place") ? 0 : 1;
    assertThat(world.calls("ExecuteChangeSet") - updates - inPlace)
        .as("updates of the roll")
        .isEqualTo(4);
    assertThat(world.output())
        .contains(
            NAME + ": instance changes, rolled (a new instance for each node, a zone at a time)")
        .contains(setting)
        .contains("update 1: take eu-west-1a (node1, node4")
        .contains("rolled " + NAME + " to ");
    assertThat(NestedRollTest.durable(world)).isEqualTo(durable).hasSize(2 * NODES);
    Map<String, String> now = NestedRollTest.instances(world);
    assertThat(now).hasSize(NODES);
    instances.forEach((k, v) -> assertThat(now.get(k)).as(k).isNotEqualTo(v));
    NodeSettings target = NodeSettings.of(SimWorld.spec(after));
    Map<Integer, NodeSettings> deployed = launched(world);
    assertThat(deployed).hasSize(NODES);
    deployed.forEach((n, s) -> assertThat(s).as("node%d", n).isEqualTo(target));
    for (Ec2Api.Instance i : world.sim.ec2().describeInstances(List.copyOf(now.values()))) {
      assertThat(i.instanceType()).isEqualTo(target.instanceType());
      assertThat(world.sim.ec2().keyName(i.id())).isEqualTo(target.keyPair());
      if (target.rootVolumeSize() != null) {
        assertThat(world.sim.ec2().rootVolumeSize(i.id())).isEqualTo(target.rootVolumeSize());
      }
    }
    assertThat(world.stack(NAME).parameters()).containsEntry("NodeDown", "none");
    NestedRollTest.assertAtMostOneZoneDown(world);
    assertNoInstanceStoppedOrReplacedInPlace(world);
  }

  @Test
  void withoutBatchZoneThePlanRollsNodeByNodeAsInOneStack() throws Exception {
    SimWorld world = new SimWorld();
    String before = SimWorld.counted(NAME, NODES, "");
    world.deploy(before);
    int updates = world.calls("ExecuteChangeSet");

    Deployer.Outcome outcome =
        world
            .deployer()
            .plan(
                SimWorld.spec(
                    before.replace("instanceType: m6i.large", "instanceType: m6i.xlarge")),
                SimWorld.WITH_BUCKET);

    assertThat(outcome).isEqualTo(Deployer.Outcome.PLANNED);
    assertThat(world.output())
        .contains(
            "roll "
                + NAME
                + "'s instances to the file's settings: 71 stack updates, one node away at a"
                + " time (each node gated on its signal); 70 nodes over nested stacks, each update"
                + " one of the parent")
        .contains("update 1: take node1 away")
        .contains("update 71: node70 up on m6i.xlarge");
    assertThat(world.calls("ExecuteChangeSet")).isEqualTo(updates);
  }

  @Test
  void planPrintsTheInstanceChangesAndTheZoneRollAndChangesNothing() throws Exception {
    SimWorld world = new SimWorld();
    String before = SimWorld.counted(NAME, NODES, "tags: {team: data}\n");
    world.deploy(before);
    Map<String, String> instances = NestedRollTest.instances(world);
    int updates = world.calls("ExecuteChangeSet");

    Deployer.Outcome outcome =
        world
            .deployer()
            .plan(
                SimWorld.spec(
                    before
                        .replace("team: data", "team: search")
                        .replace("instanceType: m6i.large", "instanceType: m6i.xlarge")),
                BY_ZONE);

    assertThat(outcome).isEqualTo(Deployer.Outcome.PLANNED);
    assertThat(world.calls("ExecuteChangeSet")).isEqualTo(updates);
    assertThat(world.output())
        .contains("node1, node2, node3")
        .contains("instanceType m6i.large -> m6i.xlarge")
        .contains(
            "roll "
                + NAME
                + "'s instances to the file's settings: 4 stack updates, one zone away at a time"
                + " (each node gated on its signal); 70 nodes over nested stacks, each update one"
                + " of the parent")
        .contains("update 1: take eu-west-1a (node1, node4")
        .contains("update 4: eu-west-1c (node3, node6")
        .contains("up on m6i.xlarge, key ops")
        .contains("| away: eu-west-1c (node3, node6");
    assertThat(NestedRollTest.instances(world)).isEqualTo(instances);
  }

  @Test
  void aZoneFailingOnTheNewTypeIsBackOnTheOldOneAndTheNextRunStartsWithIt() throws Exception {
    SimWorld world = new SimWorld();
    String before = SimWorld.counted(NAME, NODES, "");
    world.deploy(before);
    Map<String, String> durable = NestedRollTest.durable(world);
    // Zone b never signals on the new type.
    world
        .sim
        .ec2()
        .setPlacementBehavior("m6i.xlarge", SimWorld.ZONES[1], ImageBehavior.neverSignals());
    String after = before.replace("instanceType: m6i.large", "instanceType: m6i.xlarge");

    Throwable failed = catchThrowable(() -> world.deployer().deploy(SimWorld.spec(after), BY_ZONE));

    assertThat(failed)
        .isInstanceOf(OpsException.class)
        .hasMessageStartingWith("eu-west-1b (node2, node5")
        .hasMessageContaining("failed on m6i.xlarge, key ops")
        .hasMessageContaining("is back on m6i.large, key ops; zones not yet rolled are untouched")
        .hasMessageEndingWith(
            "resume once the cause is fixed: run 'stateful-cluster deploy FILE --batch zone'"
                + " with the same file again");
    assertThat(((OpsException) failed).kind()).isEqualTo(OpsException.Kind.FAILED);
    Map<String, Integer> types = typesByZone(world);
    assertThat(types)
        .containsEntry("eu-west-1a m6i.xlarge", 24)
        .containsEntry("eu-west-1b m6i.large", 23)
        .containsEntry("eu-west-1c m6i.large", 23)
        .hasSize(3);
    assertThat(NestedRollTest.durable(world)).isEqualTo(durable);
    assertThat(world.stack(NAME).parameters()).containsEntry("NodeDown", "none");
    NestedRollTest.assertAtMostOneZoneDown(world);

    // Fixed: the next run takes zone b first, zone a is done.
    world
        .sim
        .ec2()
        .setPlacementBehavior(
            "m6i.xlarge", SimWorld.ZONES[1], ImageBehavior.signalsAfter(Duration.ofSeconds(90)));
    world.lines.clear();
    world.deployer().deploy(SimWorld.spec(after), BY_ZONE);
    assertThat(world.lines).anyMatch(l -> l.startsWith("[1/3] take eu-west-1b (node2, node5"));
    assertThat(typesByZone(world))
        .containsOnlyKeys(
            "eu-west-1a m6i.xlarge", "eu-west-1b m6i.xlarge", "eu-west-1c m6i.xlarge");
    NestedRollTest.assertAtMostOneZoneDown(world);
  }

  /**
   * Killed at random AWS calls (seeded) during deploy's in-place update and zone roll, and run
   * again until a run finishes: every node on the new type, never two zones away, every interface
   * and volume kept, and the roll's updates in all still N+1 (each kill at most repeats the step
   * CloudFormation had not run).
   */
  @Test
  void killedAtRandomCallsDeployAgainFinishesTheRoll() throws Exception {
    String before = SimWorld.counted(NAME, NODES, "");
    String after = before.replace("instanceType: m6i.large", "instanceType: m6i.xlarge");
    int kills = 0;
    for (long seed = 1; kills < 12; seed++) {
      Random random = new Random(seed);
      SimWorld w = new SimWorld();
      w.deploy(before);
      Map<String, String> durable = NestedRollTest.durable(w);
      boolean finished = false;
      for (int attempt = 0; !finished; attempt++) {
        assertThat(attempt).as("seed %d: runs before one finished", seed).isLessThan(60);
        KillingCloud killer = new KillingCloud(w.cloud, api -> true, 1 + random.nextInt(150));
        try {
          new Deployer(killer, w.polling, w.progress).deploy(SimWorld.spec(after), BY_ZONE);
          finished = true;
        } catch (KillingCloud.Killed killed) {
          kills++;
        }
      }
      assertThat(
              w
                  .sim
                  .ec2()
                  .describeInstances(List.copyOf(NestedRollTest.instances(w).values()))
                  .stream()
                  .map(Ec2Api.Instance::instanceType))
          .as("seed %d", seed)
          .hasSize(NODES)
          .containsOnly("m6i.xlarge");
      assertThat(NestedRollTest.durable(w)).as("seed %d", seed).isEqualTo(durable);
      assertThat(w.stack(NAME).parameters()).containsEntry("NodeDown", "none");
      NestedRollTest.assertAtMostOneZoneDown(w);
    }
  }

  /**
   * CloudFormation throttles the second step's change set for good (the retries spent): zone a,
   * which that step was to bring up, comes back on its old settings, the deploy fails naming it and
   * the command to resume, and the rerun finishes.
   */
  @Test
  void anAwsErrorMidRollBringsTheAwayZoneBackAndTheRerunFinishes() throws Exception {
    SimWorld world = new SimWorld();
    String before = SimWorld.counted(NAME, NODES, "");
    world.deploy(before);
    Map<String, String> durable = NestedRollTest.durable(world);
    String after = before.replace("instanceType: m6i.large", "instanceType: m6i.xlarge");
    // deploy's in-place update has nothing to change, so it makes no change set; the roll's
    // first takes zone a away, the second (zone a up, zone b away) is throttled.
    Cloud throttled =
        new InterceptedCloud(
            world.cloud,
            InterceptedCloud.atCall(
                "createChangeSet"::equals,
                2,
                api -> {
                  throw new CloudException("Throttling", "Rate exceeded", true, null);
                }));

    Throwable failed =
        catchThrowable(
            () ->
                new Deployer(throttled, world.polling, world.progress)
                    .deploy(SimWorld.spec(after), BY_ZONE));

    assertThat(failed)
        .isInstanceOf(OpsException.class)
        .hasMessageStartingWith("eu-west-1a (node1, node4")
        .hasMessageContaining("could not come up on m6i.xlarge, key ops: Rate exceeded")
        .hasMessageContaining("is back on m6i.large, key ops; zones not yet rolled are untouched")
        .hasMessageEndingWith(
            "run 'stateful-cluster deploy FILE --batch zone' with the same file again");
    assertThat(world.stack(NAME).parameters()).containsEntry("NodeDown", "none");
    assertThat(typesByZone(world))
        .containsOnlyKeys("eu-west-1a m6i.large", "eu-west-1b m6i.large", "eu-west-1c m6i.large");
    NestedRollTest.assertAtMostOneZoneDown(world);

    world.deployer().deploy(SimWorld.spec(after), BY_ZONE);

    assertThat(typesByZone(world))
        .containsOnlyKeys(
            "eu-west-1a m6i.xlarge", "eu-west-1b m6i.xlarge", "eu-west-1c m6i.xlarge");
    assertThat(NestedRollTest.durable(world)).isEqualTo(durable);
    NestedRollTest.assertAtMostOneZoneDown(world);
  }

  /** Each node's launched settings, as its nodes stack's deployed template says. */
  static Map<Integer, NodeSettings> launched(SimWorld world) {
    Map<Integer, NodeSettings> out = new TreeMap<>();
    for (Map.Entry<String, String> child : NestedRollTest.children(world).entrySet()) {
      if (!child.getKey().startsWith("Nodes")) {
        continue;
      }
      TemplateDocument doc =
          TemplateDocument.parse(world.sim.stacks().getTemplate(child.getValue()));
      for (int n = 1; n <= 1000; n++) {
        if (doc.hasResource(Names.instance(n))) {
          out.put(n, ClusterStack.settings(doc, n, null));
        }
      }
    }
    return out;
  }

  /** How many running instances of each zone run each type ("eu-west-1a m6i.large" → 24). */
  static Map<String, Integer> typesByZone(SimWorld world) {
    Map<String, String> ids = NestedRollTest.instances(world);
    Map<String, Integer> out = new TreeMap<>();
    for (Map.Entry<String, String> e : ids.entrySet()) {
      int n = Names.nodeNumber(e.getKey());
      Ec2Api.Instance i = world.sim.ec2().describeInstances(List.of(e.getValue())).get(0);
      out.merge(SimWorld.ZONES[(n - 1) % 3] + " " + i.instanceType(), 1, Integer::sum);
    }
    return out;
  }

  /** No instance in any nodes stack was stopped and started or replaced where it stood. */
  static void assertNoInstanceStoppedOrReplacedInPlace(SimWorld world) {
    for (Map.Entry<String, String> child : NestedRollTest.children(world).entrySet()) {
      List<StackEvent> events =
          new ArrayList<>(world.sim.stacks().describeStackEvents(child.getValue(), 100_000));
      for (StackEvent e : events) {
        int n = Names.nodeNumber(e.logicalId());
        if (n > 0 && e.logicalId().equals(Names.instance(n))) {
          assertThat(e.status()).as("%s", e.logicalId()).doesNotStartWith("UPDATE_");
        }
      }
    }
  }
}
