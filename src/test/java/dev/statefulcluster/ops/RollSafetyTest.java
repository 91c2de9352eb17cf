package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.sim.ImageBehavior;
import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import dev.statefulcluster.testing.InterceptedCloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * roll when something is wrong: a node that fails its health check, an AMI that cannot boot a node,
 * a step CloudFormation rejects after a node went away. Never two nodes out of service (away or
 * failing the check), and every stop ends saying where the cluster stands.
 */
class RollSafetyTest {
  static final String NAME = "safety";
  final SimWorld world = new SimWorld();

  /** A check that fails for the nodes in {@link #sick}, and records every probe. */
  final Set<String> sick = new HashSet<>();

  final List<String> probes = new ArrayList<>();
  final HealthCheck check =
      new HealthCheck() {
        @Override
        public String describe() {
          return "tcp 9042";
        }

        @Override
        public boolean probe(String node, String ip) {
          probes.add(node);
          return !sick.contains(node);
        }
      };

  RollOptions checked(List<Integer> nodes) {
    return RollOptions.to(SimWorld.AMI_NEW).onNodes(nodes).gatedOn(check, Duration.ofMinutes(3));
  }

  Map<String, String> params() {
    return world.stack(NAME).parameters();
  }

  @Test
  void aNodeThatNeverPassedItsCheckStopsEveryLaterRunUntilItPasses() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    Map<String, String> durable = world.durableIds(NAME);
    sick.add("node1");
    // node1 is taken away first (the others pass), comes up on the new AMI, and fails.
    Throwable first = catchThrowable(() -> world.roller().roll(NAME, checked(List.of())));
    assertThat(first)
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("node1 (10.0.1.")
        .hasMessageContaining(
            "fails tcp 9042 after 3m00s; node1 is up on "
                + SimWorld.AMI_NEW
                + " and the roll stopped before taking another node away")
        .hasMessageEndingWith(
            "or bring it back on its previous AMI with: stateful-cluster roll "
                + NAME
                + " --nodes 1 --ami "
                + SimWorld.AMI_OLD);
    assertThat(params())
        .containsEntry("NodeDown", "none")
        .containsEntry("Node1Image", SimWorld.AMI_NEW)
        .containsEntry("Node2Image", SimWorld.AMI_OLD);
    int updates = world.calls("ExecuteChangeSet");

    // Run again, as the message says: node1 is not done, so node2 must not go.
    Throwable again = catchThrowable(() -> world.roller().roll(NAME, checked(List.of())));
    assertThat(again)
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("node1 (10.0.1.")
        .hasMessageContaining("taking node2 away now would put two nodes out of service")
        .hasMessageEndingWith(
            "(no node is away); run 'stateful-cluster roll "
                + NAME
                + " --ami "
                + SimWorld.AMI_NEW
                + "' (with the same health check) once it passes");
    // Only node1 itself: no other node rolled, and --nodes 1 finds nothing "done" either.
    Throwable onlyNode1 = catchThrowable(() -> world.roller().roll(NAME, checked(List.of(1))));
    assertThat(onlyNode1)
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("node1 (10.0.1.")
        .hasMessageContaining("the roll is not done");
    assertThat(world.calls("ExecuteChangeSet")).isEqualTo(updates);
    assertThat(params())
        .containsEntry("Node2Image", SimWorld.AMI_OLD)
        .containsEntry("NodeDown", "none");

    sick.clear();
    Roller.Report done = world.roller().roll(NAME, checked(List.of()));

    assertThat(done.failed()).isFalse();
    assertThat(params())
        .containsEntry("Node2Image", SimWorld.AMI_NEW)
        .containsEntry("Node3Image", SimWorld.AMI_NEW);
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    RollTest.assertAtMostOneNodeDown(world, NAME);
  }

  @Test
  void noNodeIsTakenAwayWhileAnotherFailsTheCheck() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    sick.add("node3");

    Throwable t = catchThrowable(() -> world.roller().roll(NAME, checked(List.of(1))));

    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("node3 (10.0.3.")
        .hasMessageContaining("taking node1 away now would put two nodes out of service");
    assertThat(world.calls("ExecuteChangeSet")).isEqualTo(1);
    assertThat(probes).contains("node2", "node3").doesNotContain("node1");
  }

  static Stream<Arguments> unbootable() {
    return Stream.of(
        Arguments.of(null, "ami-0123456789abcdef0 does not exist in this region"),
        Arguments.of(
            new Ec2Api.Image("ami-0123456789abcdef0", "pending", "pending", "x86_64", "/dev/xvda"),
            "ami-0123456789abcdef0 is pending, not available"),
        Arguments.of(
            new Ec2Api.Image("ami-0123456789abcdef0", "ubuntu", "available", "x86_64", "/dev/sda1"),
            "ami-0123456789abcdef0 boots from /dev/sda1 but the template encrypts" + " /dev/xvda"),
        Arguments.of(
            new Ec2Api.Image(
                "ami-0123456789abcdef0", "graviton", "available", "arm64", "/dev/xvda"),
            "ami-0123456789abcdef0 is built for arm64 but m6i.large runs x86_64"),
        Arguments.of(
            new Ec2Api.Image(
                "ami-0123456789abcdef0", "old", "available", "x86_64", "/dev/xvda", false, null),
            "ami-0123456789abcdef0 has no ENA support, which" + " m6i.large requires"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("unbootable")
  void anAmiThatCannotBootANodeIsRefusedBeforeAnythingChanges(Ec2Api.Image image, String why)
      throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    if (image != null) {
      world.sim.ec2().addImage(image, ImageBehavior.signalsAfter(Duration.ofSeconds(60)));
    }
    int changeSets = world.calls("CreateChangeSet");

    Throwable t =
        catchThrowable(() -> world.roller().roll(NAME, RollOptions.to("ami-0123456789abcdef0")));

    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessageStartingWith("--ami: " + why)
        .hasMessageEndingWith("nothing was changed");
    assertThat(((OpsException) t).kind()).isEqualTo(OpsException.Kind.INVALID);
    assertThat(world.calls("CreateChangeSet")).isEqualTo(changeSets);
  }

  @Test
  void aStepCloudFormationRejectsAfterANodeWentAwayBringsTheNodeBack() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    Map<String, String> durable = world.durableIds(NAME);
    // The new AMI is deregistered while node1 is away: the next change set names an image that
    // no longer exists, and CloudFormation rejects it at once.
    Cloud deregistered =
        new InterceptedCloud(
            world.cloud,
            InterceptedCloud.atCall(
                "createChangeSet"::equals,
                2,
                api -> world.sim.ec2().deregisterImage(SimWorld.AMI_NEW)));

    Roller.Report report =
        new Roller(deregistered, world.polling, world.progress)
            .roll(NAME, RollOptions.to(SimWorld.AMI_NEW));

    assertThat(report.failedNode()).isEqualTo(1);
    assertThat(report.failure())
        .contains("node1 could not come up on " + SimWorld.AMI_NEW)
        .contains("does not exist")
        .contains(
            "node1 is back on " + SimWorld.AMI_OLD + "; nodes not yet rolled are" + " untouched")
        .endsWith(
            "resume once the cause is fixed: run 'stateful-cluster roll "
                + NAME
                + " --ami "
                + SimWorld.AMI_NEW
                + "'");
    assertThat(params())
        .containsEntry("NodeDown", "none")
        .containsEntry("Node1Image", SimWorld.AMI_OLD);
    assertThat(new StatusReader(world.cloud).read(NAME, 0).nodes())
        .extracting(NodeStatus::instanceState)
        .containsOnly("running");
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
    RollTest.assertAtMostOneNodeDown(world, NAME);
  }

  @Test
  void whenTheNodeCannotBeBroughtBackEitherTheLastLineSaysWhichNodeIsAwayAndHow() throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    // Both AMIs vanish while node1 is away: neither forward nor back is possible.
    Cloud gone =
        new InterceptedCloud(
            world.cloud,
            InterceptedCloud.atCall(
                "createChangeSet"::equals,
                2,
                api -> {
                  world.sim.ec2().deregisterImage(SimWorld.AMI_NEW);
                  world.sim.ec2().deregisterImage(SimWorld.AMI_OLD);
                }));

    Throwable t =
        catchThrowable(
            () ->
                new Roller(gone, world.polling, world.progress)
                    .roll(NAME, RollOptions.to(SimWorld.AMI_NEW)));

    String bringBack = "stateful-cluster roll " + NAME + " --nodes 1 --ami " + SimWorld.AMI_OLD;
    assertThat(t).hasMessageContaining("does not exist");
    String[] lines = t.getMessage().split("\n");
    assertThat(lines[lines.length - 1])
        .startsWith("node1 is away (its interface and volume are" + " kept)")
        .endsWith("bring it back with: " + bringBack);
    assertThat(params()).containsEntry("NodeDown", "node1");

    // The AMI is registered again; the printed command brings node1 back, and only node1.
    world
        .sim
        .ec2()
        .addImage(
            new Ec2Api.Image(SimWorld.AMI_OLD, "node-v1", "available", "x86_64", "/dev/xvda"),
            ImageBehavior.signalsAfter(Duration.ofSeconds(90)));
    Roller.Report back =
        world.roller().roll(NAME, RollOptions.to(SimWorld.AMI_OLD).onNodes(List.of(1)));

    assertThat(back.failed()).isFalse();
    assertThat(params())
        .containsEntry("NodeDown", "none")
        .containsEntry("Node1Image", SimWorld.AMI_OLD);
    RollTest.assertAtMostOneNodeDown(world, NAME);
  }

  @Test
  void aPreviousInstanceCloudFormationCouldNotDeleteStopsTheRollBeforeItsNodeIsCreatedAgain()
      throws Exception {
    world.deploy(SimWorld.counted(NAME, 3, ""));
    Map<String, String> durable = world.durableIds(NAME);
    String node2 = world.physicalIds(NAME).get("Node2Instance");
    // Termination protection set outside the stack: CloudFormation's delete fails three times,
    // then it drops the instance from the stack and leaves it running with node2's ENI and volume.
    world.sim.ec2().disableApiTermination(node2, true);
    int updates = world.calls("ExecuteChangeSet");

    Throwable t = catchThrowable(() -> world.roller().roll(NAME, RollOptions.to(SimWorld.AMI_NEW)));

    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessageStartingWith(
            "node2's previous"
                + " instance "
                + node2
                + " is running and still holds its network interface and volume")
        .hasMessageContaining("--instance-id " + node2 + " --no-disable-api-termination")
        .hasMessageEndingWith("node2 runs on that instance until then");
    // Updates 1 and 2 ran (node1 rolled, node2 "taken away"); the third was never tried.
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(2);
    assertThat(params())
        .containsEntry("NodeDown", "node2")
        .containsEntry("Node1Image", SimWorld.AMI_NEW);

    world.sim.ec2().disableApiTermination(node2, false);
    world.sim.ec2().terminateInstance(node2);
    Roller.Report done = world.roller().roll(NAME, RollOptions.to(SimWorld.AMI_NEW));

    assertThat(done.failed()).isFalse();
    assertThat(params())
        .containsEntry("NodeDown", "none")
        .containsEntry("Node2Image", SimWorld.AMI_NEW)
        .containsEntry("Node3Image", SimWorld.AMI_NEW);
    assertThat(world.durableIds(NAME)).isEqualTo(durable);
  }
}
