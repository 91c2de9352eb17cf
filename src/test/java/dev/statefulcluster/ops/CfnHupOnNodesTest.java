package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the generated template's cfn-hup does on the nodes, in the model of the real helper: its
 * calls to CloudFormation, a grow that lands before a node's first answered poll, a node that
 * missed a grow, grow on Xen types, and the hooks a second cfn-init run leaves.
 */
class CfnHupOnNodesTest {
  static final String NAME = "hup-test";
  static final long GIB = 1L << 30;
  final SimWorld world = new SimWorld();

  {
    world.sim.ec2().mountPoint("/var/lib/app"); // the file's volume.mountPoint
  }

  private List<Grower.Grown> grow(int size, Duration reportWait) throws Exception {
    return new Grower(world.cloud, world.polling, world.progress)
        .grow(NAME, new Grower.Options(size, null, null, List.of(), null, reportWait));
  }

  private String instance(int n) {
    return world.physicalIds(NAME).get(ClusterLayout.node(n).instance());
  }

  private long describes(String instance) {
    return world.sim.ec2().helperCalls(instance).getOrDefault("DescribeStackResource", 0L);
  }

  private List<Long> deviceGib(String instance) {
    List<Long> out = new ArrayList<>();
    for (ConsoleReport r : ConsoleReport.all(world.sim.ec2().getConsoleOutput(instance, true))) {
      out.add(r.deviceBytes() / GIB);
    }
    return out;
  }

  @Test
  void eachNodesCfnHupMakesTwoDescribeStackResourceCallsAMinute() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    String node1 = instance(1);
    // At boot: cfn-init reads its instance and NodeConfig; cfn-hup's first poll reads the volume
    // and NodeConfig, and its post.add actions run cfn-init twice more (update, refresh).
    assertThat(world.sim.ec2().helperCalls(node1))
        .containsEntry("DescribeStackResource", 6L)
        .containsEntry("SignalResource", 1L);
    Map<Integer, Long> before = Map.of(1, describes(node1), 3, describes(instance(3)));

    world.sim.ticker().sleep(Duration.ofHours(1));

    // Sixty polls an hour, two resources each: 120 calls per node per hour, 120,000 at 1,000.
    assertThat(describes(node1) - before.get(1)).isEqualTo(120);
    assertThat(describes(instance(3)) - before.get(3)).isEqualTo(120);
    // Nothing changed: no action ran, node.env not reloaded, no new console line.
    assertThat(deviceGib(node1)).containsExactly(100L, 100L);
  }

  @Test
  void aGrowLandingBeforeANodesFirstAnsweredPollStillReachesItsFilesystem() throws Exception {
    // CloudFormation answers no cfn-hup poll for a while (throttled): the nodes boot, signal and
    // the grow completes before any of them has stored a baseline.
    world.sim.ec2().failCfnHupPolls(Duration.ofMinutes(15));
    world.deploy(SimWorld.counted(NAME, 3, ""));
    assertThat(deviceGib(instance(2))).as("prepare's line only").containsExactly(100L);

    List<Grower.Grown> grown = grow(300, Duration.ofMinutes(30));

    // post.add: the first answered poll runs the grow to the template's size.
    assertThat(grown).allSatisfy(g -> assertThat(g.fsBytes()).isGreaterThan(290 * GIB));
    for (int n = 1; n <= 3; n++) {
      assertThat(deviceGib(instance(n))).as("node%d", n).containsExactly(100L, 300L);
    }
    assertThat(world.output()).doesNotContain("no report of");
  }

  @Test
  void aNodeThatDidNotGrowIsNamedWithTheCommandThatGrowsIt() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    world.sim.ec2().failCfnHupPolls(Duration.ofHours(3));

    List<Grower.Grown> grown = grow(300, Duration.ofMinutes(20));

    assertThat(grown).allSatisfy(g -> assertThat(g.fsBytes()).isEqualTo(-1));
    Matcher m =
        Pattern.compile(
                "  node2: no report of a 300 GiB filesystem within 20m00s; .*"
                    + "To grow it now, on the node: (sudo /opt/aws/bin/cfn-init .*)")
            .matcher(world.output());
    assertThat(m.find()).as(String.join("\n", world.lines)).isTrue();
    String fix = m.group(1);
    assertThat(fix)
        .isEqualTo(
            "sudo /opt/aws/bin/cfn-init -v --stack "
                + NAME
                + " --resource Node2Instance --configsets update --region eu-west-1");

    // What it says to run does grow it, there and then.
    assertThat(world.sim.ec2().runOnNode(instance(2), fix)).isZero();
    assertThat(deviceGib(instance(2))).containsExactly(100L, 100L, 300L);
    // And once CloudFormation answers again, cfn-hup grows the others by itself.
    world.sim.ticker().sleep(Duration.ofHours(3));
    assertThat(deviceGib(instance(1))).last().isEqualTo(300L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"t2.large", "m4.large"})
  void growOnAXenTypeReadsThePostedConsoleAndSaysHowToCheck(String type) throws Exception {
    world.deploy(
        SimWorld.counted(NAME, 3, "").replace("instanceType: m6i.large", "instanceType: " + type));
    String node1 = instance(1);
    assertThatThrownBy(() -> world.sim.ec2().getConsoleOutput(node1, true))
        .isInstanceOf(CloudException.class)
        .satisfies(e -> assertThat(((CloudException) e).code()).isEqualTo("UnsupportedOperation"));
    int consoleReads = world.calls("GetConsoleOutput");

    List<Grower.Grown> grown = grow(300, Duration.ofMinutes(20));

    // The grow itself succeeded; grow read each node's posted output once and did not fail.
    assertThat(world.sim.ec2().describeVolumes(List.of(world.durableIds(NAME).get("Node1Volume"))))
        .allSatisfy(v -> assertThat(v.size()).isEqualTo(300));
    assertThat(world.calls("GetConsoleOutput") - consoleReads).isEqualTo(3);
    assertThat(grown).hasSize(3).allSatisfy(g -> assertThat(g.fsBytes()).isEqualTo(-1));
    assertThat(world.output())
        .contains(
            "  node1: "
                + type
                + " is a Xen type, whose console output EC2 posts only at boot, reboot and stop,"
                + " so grow cannot see its filesystem")
        .contains("To check, on the node: df -B1 /var/lib/app (about 300 GiB)")
        .doesNotContain("no report of");
    // The node grows at its next poll; its next stop posts the line.
    world.sim.ticker().sleep(Duration.ofMinutes(2));
    assertThat(ConsoleReport.all(world.sim.ec2().getConsoleOutput(node1, false)))
        .last()
        .satisfies(r -> assertThat(r.deviceBytes()).isEqualTo(100 * GIB));
    world.sim.ec2().stopInstance(node1);
    world.sim.ticker().sleep(Duration.ofMinutes(1));
    world.sim.ec2().startInstance(node1);
    world.sim.ticker().sleep(Duration.ofMinutes(1));
    assertThat(ConsoleReport.all(world.sim.ec2().getConsoleOutput(node1, false)))
        .last()
        .satisfies(r -> assertThat(r.deviceBytes()).isEqualTo(300 * GIB));
  }

  @Test
  void cfnInitRunAgainOnANodeLeavesNoHookCopyThatCfnHupReads() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    String node1 = instance(1);
    assertThat(world.sim.ec2().cfnHupHooks(node1))
        .containsExactly("stateful-volume", "stateful-cluster");

    assertThat(
            world
                .sim
                .ec2()
                .runOnNode(
                    node1,
                    "/opt/aws/bin/cfn-init -v --stack "
                        + NAME
                        + " --resource Node1Instance --configsets default --region eu-west-1"))
        .isZero();
    // cfn-init kept the old hooks file beside the new one, where cfn-hup does not look.
    assertThat(world.sim.ec2().nodeFile(node1, "/etc/cfn/hooks.conf.bak")).isPresent();
    world.sim.ec2().stopInstance(node1);
    world.sim.ticker().sleep(Duration.ofMinutes(1));
    world.sim.ec2().startInstance(node1);
    world.sim.ticker().sleep(Duration.ofMinutes(1));

    assertThat(world.sim.ec2().cfnHupHooks(node1))
        .containsExactly("stateful-volume", "stateful-cluster");
    grow(200, Duration.ofMinutes(20));
    assertThat(deviceGib(node1)).last().isEqualTo(200L);
  }
}
