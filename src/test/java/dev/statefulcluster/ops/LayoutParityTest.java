package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.roll.Batch;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What used to differ between a cluster in one stack and one over nested stacks, on both: replace
 * of one node, the status advice that leads to it, a previous instance that still holds its
 * interface, a zone away seen by status, why a step was rolled back, deploy's downtime line, and
 * how a gated roll reads the nodes' addresses. Six nodes over three zones (nested: groups of two).
 */
class LayoutParityTest {
  static final String NAME = "parity";
  static final int NODES = 6;
  final SimWorld world = new SimWorld();
  final ClusterView view = new ClusterView(world, NAME);

  void deploy(Layout layout) throws InterruptedException {
    world.deploy(layout.counted(NAME, NODES, ""));
    assertThat(view.nested()).isEqualTo(layout == Layout.NESTED);
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void replaceTakesOnlyItsNodeAwayAndKeepsItsAddressAndData(Layout layout) throws Exception {
    deploy(layout);
    Map<String, String> durable = view.durable();
    Map<Integer, String> before = view.instances();
    world.sim.ec2().writeData(view.volume(5), "node5's data");
    int updates = world.calls("ExecuteChangeSet");

    Roller.Report report = world.roller().roll(NAME, RollOptions.recreate().onNodes(List.of(5)));

    assertThat(report.failed()).as("%s", report.failure()).isFalse();
    assertThat(world.calls("ExecuteChangeSet") - updates).as("node5 away, then back").isEqualTo(2);
    Map<Integer, String> after = view.instances();
    assertThat(after.get(5)).isNotEqualTo(before.get(5));
    before.forEach(
        (n, id) -> assertThat(n == 5 || after.get(n).equals(id)).as("node%d", n).isTrue());
    assertThat(view.durable()).isEqualTo(durable);
    assertThat(world.sim.ec2().readData(view.volume(5))).isEqualTo("node5's data");
    assertThat(view.nodeDown()).isEqualTo("none");
    view.assertAtMostOneNodeAway();
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void statusAdvisesTheReplaceThatRepairsALostInstance(Layout layout) throws Exception {
    deploy(layout);
    String lost = view.instances().get(5);
    world.sim.ec2().terminateInstance(lost);

    StatusTable.print(new StatusReader(world.cloud).read(NAME, 0), world.progress);
    assertThat(world.lines)
        .contains(
            "drift: node5: its instance "
                + lost
                + " was terminated outside CloudFormation; repair: stateful-cluster replace "
                + NAME
                + " --nodes 5");
    Roller.Report report = world.roller().roll(NAME, RollOptions.recreate().onNodes(List.of(5)));

    assertThat(report.failed()).as("%s", report.failure()).isFalse();
    assertThat(new StatusReader(world.cloud).read(NAME, 0).nodes())
        .extracting(NodeStatus::drift)
        .containsOnlyNulls();
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void aPreviousInstanceStillHoldingItsInterfaceStopsTheRollBeforeTheNodeIsCreatedAgain(
      Layout layout) throws Exception {
    deploy(layout);
    String node1 = view.instances().get(1);
    // Termination protection set outside the stack: CloudFormation's delete fails three times,
    // then it drops the instance from its stack and leaves it running with node1's ENI and volume.
    world.sim.ec2().disableApiTermination(node1, true);
    int updates = world.calls("ExecuteChangeSet");

    Throwable t =
        catchThrowable(
            () -> world.roller().roll(NAME, RollOptions.to(SimWorld.AMI_NEW).by(Batch.zone())));

    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessageStartingWith(
            "node1's previous instance "
                + node1
                + " is running and still holds its network interface and volume")
        .hasMessageContaining("--instance-id " + node1 + " --no-disable-api-termination");
    assertThat(world.calls("ExecuteChangeSet") - updates)
        .as("zone a taken away; the update that brings it up never tried")
        .isEqualTo(1);
    assertThat(view.nodeDown()).isEqualTo("eu-west-1a");

    world.sim.ec2().disableApiTermination(node1, false);
    world.sim.ec2().terminateInstance(node1);
    Roller.Report done =
        world.roller().roll(NAME, RollOptions.to(SimWorld.AMI_NEW).by(Batch.zone()));

    assertThat(done.failed()).as("%s", done.failure()).isFalse();
    view.assertEveryNodeOn(NODES, SimWorld.AMI_NEW);
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void statusWhileARollHasAZoneAwayShowsNoDrift(Layout layout) throws Exception {
    deploy(layout);
    // Killed once the second update was sent: zone a is up, zone b away.
    KillingCloud killing = new KillingCloud(world.cloud, "executeChangeSet"::equals, 3);
    Roller killed = new Roller(killing, world.polling, world.progress);
    catchThrowable(() -> killed.roll(NAME, RollOptions.to(SimWorld.AMI_NEW).by(Batch.zone())));
    world.sim.ticker().sleep(Duration.ofMinutes(30));
    assertThat(view.nodeDown()).isEqualTo("eu-west-1b");

    ClusterStatus status = new StatusReader(world.cloud).read(NAME, 0);

    assertThat(status.nodes()).extracting(NodeStatus::drift).containsOnlyNulls();
    assertThat(status.nodes().get(1).instanceState()).isEqualTo("down");
    assertThat(status.nodes().get(4).instanceState()).isEqualTo("down");
    assertThat(status.nodes().get(0).instanceState()).isEqualTo("running");
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void aStepRolledBackSaysWhy(Layout layout) throws Exception {
    deploy(layout);

    Roller.Report report = world.roller().roll(NAME, RollOptions.to(SimWorld.AMI_BROKEN));

    assertThat(report.failed()).isTrue();
    assertThat(report.failure())
        .startsWith("node1 failed on " + SimWorld.AMI_BROKEN + ":")
        .contains("Node1Instance CREATE_FAILED: Received FAILURE signal with UniqueId")
        .contains("node1 is back on " + SimWorld.AMI_OLD);
    assertThat(view.image(1)).isEqualTo(SimWorld.AMI_OLD);
    assertThat(view.nodeDown()).isEqualTo("none");
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void deploysInstanceRollPrintsEachNodesTimeAway(Layout layout) throws Exception {
    deploy(layout);
    String file = layout.counted(NAME, NODES, "").replace("m6i.large", "m6i.xlarge");

    world
        .deployer()
        .deploy(
            SimWorld.spec(file), SimWorld.WITH_BUCKET.rolling(null, Duration.ofMinutes(5), true));

    assertThat(world.lines)
        .anyMatch(l -> l.startsWith("time each node was down: node1 ") && l.contains("node6 "));
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void aGatedRollReadsTheAddressesInCallsThatDoNotGrowWithTheGroups(Layout layout)
      throws Exception {
    int[] interfaceReads = new int[2];
    int[] groupSizes = {3, 1};
    for (int i = 0; i < 2; i++) {
      SimWorld w = new SimWorld();
      String name = "gated" + i;
      w.deploy(layout.counted(name, NODES, "", groupSizes[i]));
      List<String> probed = new java.util.ArrayList<>();
      HealthCheck check =
          new HealthCheck() {
            @Override
            public String describe() {
              return "tcp 9042";
            }

            @Override
            public boolean probe(String node, String ip) {
              probed.add(node + "=" + ip);
              return true;
            }
          };
      List<String> childReads = new java.util.ArrayList<>();
      dev.statefulcluster.cloud.Cloud counting =
          new dev.statefulcluster.testing.InterceptedCloud(w.cloud, (api, call) -> {}) {
            @Override
            public dev.statefulcluster.cloud.StackApi stacks() {
              dev.statefulcluster.cloud.StackApi inner = super.stacks();
              return (dev.statefulcluster.cloud.StackApi)
                  java.lang.reflect.Proxy.newProxyInstance(
                      getClass().getClassLoader(),
                      new Class<?>[] {dev.statefulcluster.cloud.StackApi.class},
                      (proxy, method, args) -> {
                        if (method.getName().equals("describeStack") && !name.equals(args[0])) {
                          childReads.add((String) args[0]);
                        }
                        try {
                          return method.invoke(inner, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                          throw e.getCause();
                        }
                      });
            }
          };
      int before = w.calls("DescribeNetworkInterfaces");
      Roller.Report r =
          new Roller(counting, w.polling, w.progress)
              .roll(
                  name,
                  RollOptions.to(SimWorld.AMI_NEW)
                      .by(Batch.zone())
                      .gatedOn(check, Duration.ofMinutes(5)));
      assertThat(r.failed()).as("%s", r.failure()).isFalse();
      assertThat(childReads).as("child stacks described for addresses").isEmpty();
      Map<String, String> addresses = new java.util.TreeMap<>();
      new StatusReader(w.cloud)
          .read(name, 0)
          .nodes()
          .forEach(n -> addresses.put(n.name(), n.privateIp()));
      assertThat(probed)
          .as("each node probed at its interface's address")
          .allMatch(
              p ->
                  p.equals(
                      p.substring(0, p.indexOf('='))
                          + "="
                          + addresses.get(p.substring(0, p.indexOf('=')))));
      interfaceReads[i] = w.calls("DescribeNetworkInterfaces") - before;
    }
    assertThat(interfaceReads[1])
        .as("interface reads with 6 groups, against 2")
        .isEqualTo(interfaceReads[0]);
  }
}
