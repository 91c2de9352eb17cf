package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.sim.ImageBehavior;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.roll.Roller;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.synth.Names;
import dev.statefulcluster.synth.NodeSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy converges running nodes to the file's instance settings: in-place changes first, in one
 * update that stops and replaces nothing, then each node's instance re-created with its new
 * settings by the roll, N+1 updates, never two nodes out of service, every interface and volume
 * kept. The stack's events and the model's instances are the evidence.
 */
class DeployRollTest {
  static final int NODES = 3;
  final SimWorld world = new SimWorld();

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
  void anInstanceChangeIsRolledNodeByNodeInNPlusOneUpdates(
      String setting, String extra, UnaryOperator<String> change) throws Exception {
    String name = "deploy-" + setting.replace('.', '-').toLowerCase();
    world.sim.ec2().addKeyPair("ops2");
    String before = SimWorld.counted(name, NODES, extra);
    String after = change.apply(before);
    assertThat(after).as("the change applies").isNotEqualTo(before);
    world.deploy(before);
    Map<String, String> durable = world.durableIds(name);
    Map<String, String> instances = instanceIds(name);
    int updates = world.calls("ExecuteChangeSet");
    Instant start = world.sim.ticker().now();

    assertThat(world.deploy(after)).isEqualTo(Deployer.Outcome.UPDATED);

    int inPlace = world.output().contains("changes in place, interrupting no instance") ? 1 : 0;
    assertThat(world.calls("ExecuteChangeSet") - updates - inPlace)
        .as("updates of the roll")
        .isEqualTo(NODES + 1);
    assertThat(world.output()).contains("rolled " + name + " to ").contains(setting);
    assertThat(world.durableIds(name)).isEqualTo(durable);
    Map<String, String> now = instanceIds(name);
    for (int n = 1; n <= NODES; n++) {
      assertThat(now.get(Names.instance(n)))
          .as("node%d has a new instance", n)
          .isNotEqualTo(instances.get(Names.instance(n)));
    }
    NodeSettings target = NodeSettings.of(SimWorld.spec(after));
    TemplateDocument deployed = TemplateDocument.parse(world.sim.stacks().getTemplate(name));
    for (int n = 1; n <= NODES; n++) {
      assertThat(ClusterStack.settings(deployed, n, null)).as("node%d", n).isEqualTo(target);
      String id = now.get(Names.instance(n));
      Ec2Api.Instance i = world.sim.ec2().describeInstances(List.of(id)).get(0);
      assertThat(i.instanceType()).isEqualTo(target.instanceType());
      assertThat(world.sim.ec2().keyName(id)).isEqualTo(target.keyPair());
      if (target.rootVolumeSize() != null) {
        assertThat(world.sim.ec2().rootVolumeSize(id)).isEqualTo(target.rootVolumeSize());
      }
    }
    assertThat(world.stack(name).parameters()).containsEntry("NodeDown", "none");
    RollTest.assertAtMostOneNodeDown(world, name);
    assertNoInstanceStoppedOrReplacedInPlace(name, start);
  }

  @Test
  void changesThatNeedNoRestartTakeOneUpdateAndKeepEveryInstance() throws Exception {
    String name = "deploy-no-restart";
    String before = SimWorld.counted(name, NODES, "tags: {team: data}\n");
    world.deploy(before);
    Map<String, String> instances = instanceIds(name);
    int updates = world.calls("ExecuteChangeSet");

    // Tags, a client port (a security-group rule), a longer signal timeout, a bigger volume.
    world.deploy(
        before
            .replace("team: data", "team: search")
            .replace("clients: [9042]", "clients: [9042, 9043]")
            .replace("signalTimeout: 15m", "signalTimeout: 20m")
            .replace("size: 100", "size: 150"));

    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(1);
    assertThat(instanceIds(name)).isEqualTo(instances);
    assertThat(world.output())
        .doesNotContain("instance changes, rolled")
        .doesNotContainPattern("Instance +AWS::EC2::Instance +(True|Conditional)");
    assertThat(world.sim.ec2().describeInstances(instances.values()))
        .extracting(Ec2Api.Instance::state)
        .containsOnly("running");
  }

  @Test
  void withAHealthCheckEachNodeIsCheckedBetweenItsTwoUpdates2NInAll() throws Exception {
    String name = "deploy-checked";
    String before = SimWorld.counted(name, NODES, "");
    world.deploy(before);
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

    world
        .deployer()
        .deploy(
            SimWorld.spec(before.replace("instanceType: m6i.large", "instanceType: m6i.xlarge")),
            SimWorld.WITH_BUCKET.rolling(check, Duration.ofMinutes(5), false));

    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(2 * NODES);
    // Each node is checked once it is up on the new type, and the others before the next goes.
    assertThat(probes).containsSubsequence("0:node2", "2:node1", "2:node3", "4:node2", "6:node3");
    assertThat(types(instanceIds(name))).containsOnly("m6i.xlarge");
    RollTest.assertAtMostOneNodeDown(world, name);
  }

  @Test
  void tagsAndAnInstanceTypeTagsFirstInOneUpdateThenTheRoll() throws Exception {
    String name = "deploy-mixed";
    String before = SimWorld.counted(name, NODES, "tags: {team: data}\n");
    world.deploy(before);
    int updates = world.calls("ExecuteChangeSet");
    Map<String, String> instances = instanceIds(name);
    world.lines.clear();

    world.deploy(
        before
            .replace("team: data", "team: search")
            .replace("instanceType: m6i.large", "instanceType: m6i.xlarge"));

    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(1 + NODES + 1);
    String out = world.output();
    assertThat(out.indexOf("changes in place, interrupting no instance"))
        .isNotNegative()
        .isLessThan(out.indexOf("instance changes, rolled"))
        .isLessThan(out.indexOf("[1/4] take node1 away"));
    assertThat(out).contains("node1, node2, node3: instanceType m6i.large -> m6i.xlarge");
    // The in-place update re-tagged the running instances: they were still the same.
    List<StackEvent> tagged = events(name, world.sim.ticker().now().minusSeconds(86_400));
    Instant firstDelete =
        tagged.stream()
            .filter(e -> e.status().equals("DELETE_IN_PROGRESS"))
            .map(StackEvent::timestamp)
            .min(Instant::compareTo)
            .orElseThrow();
    assertThat(
            tagged.stream()
                .filter(
                    e ->
                        e.logicalId().equals(Names.instance(3))
                            && e.status().equals("UPDATE_COMPLETE")
                            && e.timestamp().isBefore(firstDelete)))
        .isNotEmpty();
    assertThat(instanceIds(name).values()).doesNotContainAnyElementsOf(instances.values());
    assertThat(
            world.sim.ec2().describeInstances(instanceIds(name).values()).stream()
                .map(Ec2Api.Instance::instanceType))
        .containsOnly("m6i.xlarge");
    RollTest.assertAtMostOneNodeDown(world, name);
  }

  @Test
  void planPrintsTheInPlaceChangesTheInstanceChangesAndTheRollingPlanAndChangesNothing()
      throws Exception {
    String name = "deploy-plan";
    world.sim.ec2().addKeyPair("ops2");
    String before = SimWorld.counted(name, NODES, "tags: {team: data}\n");
    world.deploy(before);
    int updates = world.calls("ExecuteChangeSet");
    world.lines.clear();

    Deployer.Outcome outcome =
        world
            .deployer()
            .plan(
                SimWorld.spec(
                    before
                        .replace("team: data", "team: search")
                        .replace("keyPair: ops", "keyPair: ops2")),
                SimWorld.WITH_BUCKET);

    assertThat(outcome).isEqualTo(Deployer.Outcome.PLANNED);
    assertThat(world.calls("ExecuteChangeSet")).isEqualTo(updates);
    String out = world.output();
    assertThat(out)
        .contains(name + ": update, ")
        .contains("changes in place, interrupting no instance:")
        .containsPattern("Modify +Node1Instance +AWS::EC2::Instance +False")
        .contains(name + ": instance changes, rolled (a new instance for each node):")
        .contains("  node1, node2, node3: keyPair ops -> ops2")
        .contains(
            "roll " + name + "'s instances to the file's settings: 4 stack updates, one node away")
        .contains("  update 1: take node1 away")
        .contains("  update 4: node3 up on m6i.large, key ops2");
  }

  @Test
  void aNodeLeftAwayByAKilledRollIsBroughtBackByDeployEvenWithNothingElseToChange()
      throws Exception {
    String name = "deploy-away";
    String file = SimWorld.counted(name, NODES, "");
    world.deploy(file);
    // An AMI roll killed once node1's instance is gone.
    KillingCloud killer = new KillingCloud(world.cloud, api -> api.equals("createChangeSet"), 2);
    catchThrowable(
        () ->
            new Roller(killer, world.polling, world.progress)
                .roll(name, RollTest.to(SimWorld.AMI_NEW)));
    assertThat(world.stack(name).parameters()).containsEntry("NodeDown", "node1");

    assertThat(world.deploy(file)).isEqualTo(Deployer.Outcome.UPDATED);

    assertThat(world.stack(name).parameters())
        .containsEntry("NodeDown", "none")
        .containsEntry("Node1Image", SimWorld.AMI_OLD);
    assertThat(instanceIds(name)).hasSize(NODES);
    RollTest.assertAtMostOneNodeDown(world, name);
  }

  @Test
  void aNodeFailingOnTheNewTypeIsBackOnTheOldOneAndTheNextRunStartsWithIt() throws Exception {
    String name = "deploy-fails";
    String before = SimWorld.counted(name, NODES, "");
    world.deploy(before);
    Map<String, String> instances = instanceIds(name);
    Map<String, String> durable = world.durableIds(name);
    // node2 (eu-west-1b) never signals on the new type.
    world
        .sim
        .ec2()
        .setPlacementBehavior("m6i.xlarge", SimWorld.ZONES[1], ImageBehavior.neverSignals());
    String after = before.replace("instanceType: m6i.large", "instanceType: m6i.xlarge");

    Throwable failed = catchThrowable(() -> world.deploy(after));

    assertThat(failed)
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("node2 failed on m6i.xlarge")
        .hasMessageContaining("node2 is back on m6i.large");
    assertThat(((OpsException) failed).kind()).isEqualTo(OpsException.Kind.FAILED);
    Map<String, String> now = instanceIds(name);
    assertThat(types(now)).containsExactly("m6i.xlarge", "m6i.large", "m6i.large");
    assertThat(now.get(Names.instance(3))).isEqualTo(instances.get(Names.instance(3)));
    assertThat(world.durableIds(name)).isEqualTo(durable);
    assertThat(world.stack(name).parameters()).containsEntry("NodeDown", "none");
    RollTest.assertAtMostOneNodeDown(world, name);

    // Fixed (say, the service's memory settings): the next run takes node2 first.
    world
        .sim
        .ec2()
        .setPlacementBehavior(
            "m6i.xlarge", SimWorld.ZONES[1], ImageBehavior.signalsAfter(Duration.ofSeconds(90)));
    world.lines.clear();
    world.deploy(after);
    assertThat(world.lines).anyMatch(l -> l.startsWith("[1/3] take node2 away"));
    assertThat(types(instanceIds(name))).containsOnly("m6i.xlarge");
    RollTest.assertAtMostOneNodeDown(world, name);
  }

  @Test
  void zoneByZoneNineNodesOverThreeZonesRollInFourUpdatesNeverTwoZonesAway() throws Exception {
    String name = "deploy-zones";
    String before = SimWorld.counted(name, 9, "");
    world.deploy(before);
    Map<String, String> durable = world.durableIds(name);
    int updates = world.calls("ExecuteChangeSet");

    world
        .deployer()
        .deploy(
            SimWorld.spec(before.replace("instanceType: m6i.large", "instanceType: m6i.xlarge")),
            SimWorld.WITH_BUCKET.rolling(null, Duration.ofMinutes(5), true));

    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(4);
    assertThat(world.output()).contains("take eu-west-1a (node1, node4, node7) away");
    assertThat(types(instanceIds(name))).hasSize(9).containsOnly("m6i.xlarge");
    assertThat(world.durableIds(name)).isEqualTo(durable);
    assertThat(world.stack(name).parameters()).containsEntry("NodeDown", "none");
    assertAtMostOneZoneDown(world, name);
  }

  @Test
  void killedAtAnyCallOfAnInstanceTypeRollDeployAgainFinishesInNPlusOneUpdates() throws Exception {
    String name = "deploy-killed";
    String before = SimWorld.counted(name, NODES, "");
    String after = before.replace("instanceType: m6i.large", "instanceType: m6i.xlarge");
    int calls;
    {
      SimWorld clean = new SimWorld();
      clean.deploy(before);
      int start = clean.cloud.totalCalls();
      clean.deploy(after);
      calls = clean.cloud.totalCalls() - start;
    }
    assertThat(calls).isGreaterThan(20);

    for (int k = 1; k <= calls; k++) {
      SimWorld w = new SimWorld();
      w.deploy(before);
      Map<String, String> durable = w.durableIds(name);
      int updates = w.calls("ExecuteChangeSet");
      KillingCloud killer = new KillingCloud(w.cloud, api -> true, k);

      Throwable killed =
          catchThrowable(
              () ->
                  new Deployer(killer, w.polling, w.progress)
                      .deploy(SimWorld.spec(after), SimWorld.WITH_BUCKET));
      // A kill inside a best-effort call (discarding a change set) is swallowed there, and that
      // run goes on; the rerun must then find nothing left to do.
      if (killed != null) {
        assertThat(killed).as("killed at call %d", k).isInstanceOf(KillingCloud.Killed.class);
      }

      w.deploy(after);

      assertThat(w.calls("ExecuteChangeSet") - updates)
          .as("updates, killed at call %d", k)
          .isEqualTo(NODES + 1);
      assertThat(
              w.sim.ec2().describeInstances(instanceIdsOf(w, name).values()).stream()
                  .map(Ec2Api.Instance::instanceType))
          .as("call %d", k)
          .hasSize(NODES)
          .containsOnly("m6i.xlarge");
      assertThat(w.durableIds(name)).as("call %d", k).isEqualTo(durable);
      assertThat(w.stack(name).parameters()).containsEntry("NodeDown", "none");
      RollTest.assertAtMostOneNodeDown(w, name);
    }
  }

  private List<String> types(Map<String, String> instances) {
    List<String> out = new ArrayList<>();
    for (String id : instances.values()) {
      out.add(world.sim.ec2().describeInstances(List.of(id)).get(0).instanceType());
    }
    return out;
  }

  private Map<String, String> instanceIds(String name) {
    return instanceIdsOf(world, name);
  }

  /** Live instances by logical id, in node order. */
  private static Map<String, String> instanceIdsOf(SimWorld w, String name) {
    Map<String, String> out = new TreeMap<>();
    w.physicalIds(name)
        .forEach(
            (k, v) -> {
              if (k.endsWith("Instance")) {
                out.put(k, v);
              }
            });
    return out;
  }

  private List<StackEvent> events(String name, Instant since) {
    List<StackEvent> events = new ArrayList<>(world.sim.stacks().describeStackEvents(name, 10_000));
    Collections.reverse(events);
    return events.stream().filter(e -> !e.timestamp().isBefore(since)).toList();
  }

  /** No instance was stopped and started or replaced where it stood: only taken away, created. */
  private void assertNoInstanceStoppedOrReplacedInPlace(String name, Instant since) {
    for (StackEvent e : events(name, since)) {
      if (Names.nodeNumber(e.logicalId()) > 0 && e.logicalId().endsWith("Instance")) {
        assertThat(e.reason() == null ? "" : e.reason())
            .as("%s %s", e.logicalId(), e.status())
            .doesNotContain("Requested update requires the creation of a new physical resource");
      }
    }
  }

  /** From the stack's events: the nodes down at any moment all share one zone. */
  static void assertAtMostOneZoneDown(SimWorld world, String name) {
    List<StackEvent> events = new ArrayList<>(world.sim.stacks().describeStackEvents(name, 10_000));
    Collections.reverse(events);
    Map<Integer, Instant> down = new TreeMap<>();
    int mostZones = 0;
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
      long zones = down.keySet().stream().map(k -> (k - 1) % 3).distinct().count();
      mostZones = Math.max(mostZones, (int) zones);
    }
    assertThat(mostZones).as("zones down at the same time").isLessThanOrEqualTo(1);
    assertThat(down).as("nodes left down").isEmpty();
  }
}
