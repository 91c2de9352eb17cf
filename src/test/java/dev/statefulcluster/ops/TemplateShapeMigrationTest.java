package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import dev.statefulcluster.ops.stack.ChangeSets;
import dev.statefulcluster.ops.stack.StackWatcher;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.template.TemplateWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A stack deployed by the version before the shared NodeConfig (its template kept as that version
 * wrote it, src/test/resources/migration) is brought to today's shape by one deploy that touches no
 * interface or volume and stops no instance, and then grows and rolls as before.
 */
class TemplateShapeMigrationTest {
  static final String NAME = "legacy";
  static final Path DIR = Path.of("src/test/resources/migration");
  final SimWorld world = new SimWorld();

  @Test
  void deployMigratesAPreviousShapeStackInOneSafeUpdateThenItGrowsAndRolls() throws Exception {
    createWithPreviousTemplate();
    Map<String, String> before = world.physicalIds(NAME);
    String yaml = Files.readString(DIR.resolve("previous-shape.yaml"));
    world.lines.clear();

    assertThat(world.deploy(yaml)).isEqualTo(Deployer.Outcome.UPDATED);

    // The change set: NodeConfig added; each instance's metadata, tags, creation policy (Count
    // left to its default) and MetadataOptions (EC2's defaults no longer written; updated without
    // interruption) modified; the interfaces' description dropped and the interfaces' and volumes'
    // tags modified, in place: the file's tags moved to the stack, which CloudFormation propagates.
    // Nothing else: the volumes' snapshot parameter, now a value, resolves to the same.
    assertThat(world.output())
        .containsPattern("Add +NodeConfig +AWS::CloudFormation::WaitConditionHandle")
        .containsPattern(
            "Modify +Node1Instance +AWS::EC2::Instance +False"
                + " +Properties,Tags,Metadata,CreationPolicy: MetadataOptions\n")
        .containsPattern(
            "Modify +Node3Instance +AWS::EC2::Instance +False"
                + " +Properties,Tags,Metadata,CreationPolicy: MetadataOptions\n")
        .containsPattern(
            "Modify +Node1Eni +AWS::EC2::NetworkInterface +False +Properties,Tags: Description\n")
        .containsPattern("Modify +Node1Volume +AWS::EC2::Volume +False +Tags\n")
        .doesNotContainPattern("(Modify|Remove) +Node[0-9]+(Eni|Volume) .*(True|Conditional)")
        .doesNotContainPattern("Modify +Node[0-9]+Volume .*Properties")
        .doesNotContainPattern("Modify +Node[0-9]+Eni .*Properties,Tags: (?!Description\n)")
        .doesNotContain("Replacement True")
        .doesNotContain("UserData");
    Map<String, String> after = world.physicalIds(NAME);
    for (int n = 1; n <= 3; n++) {
      for (String id :
          List.of(
              ClusterLayout.node(n).eni(),
              ClusterLayout.node(n).volume(),
              ClusterLayout.node(n).instance())) {
        assertThat(after.get(id)).as(id).isEqualTo(before.get(id));
      }
    }
    assertThat(after).containsKey("NodeConfig");
    // The file's tag is still on the volume: the stack's tags now carry it.
    assertThat(world.sim.ec2().describeVolumes(List.of(after.get("Node1Volume"))).get(0).tags())
        .containsEntry("team", "data");
    // No instance was stopped: the only events of the instances are their metadata updates.
    assertThat(world.sim.stacks().describeStackEvents(NAME, 1000))
        .filteredOn(e -> e.logicalId().endsWith("Instance"))
        .filteredOn(e -> e.timestamp().isAfter(createdAt))
        .extracting(StackEvent::status)
        .containsOnly("UPDATE_IN_PROGRESS", "UPDATE_COMPLETE");
    // The running instances keep the user data they were launched with.
    TemplateDocument deployed = new ClusterStack(world.cloud, NAME).template();
    assertThat(ClusterStack.previousUserData(deployed)).containsOnlyKeys(1, 2, 3);
    assertThat(deployed.hasResource("NodeConfig")).isTrue();

    // A second deploy finds nothing to change.
    world.lines.clear();
    assertThat(world.deploy(yaml)).isEqualTo(Deployer.Outcome.NO_CHANGES);

    // grow: volumes modified, the nodes' grow hook reports the new size, as before.
    List<Grower.Grown> grown =
        new Grower(world.cloud, world.polling, world.progress)
            .grow(
                NAME, new Grower.Options(150, null, null, List.of(), null, Duration.ofMinutes(20)));
    assertThat(grown).hasSize(3).allSatisfy(g -> assertThat(g.fsBytes()).isPositive());
    assertThat(world.sim.stacks().getTemplate(NAME)).contains("--size-gib 150");

    // roll: every node re-created on the new AMI, interfaces and volumes kept.
    Roller.Report report = world.roller().roll(NAME, RollOptions.to(SimWorld.AMI_NEW));
    assertThat(report).isNotNull();
    assertThat(world.stack(NAME).parameters())
        .containsEntry("Node1Image", SimWorld.AMI_NEW)
        .containsEntry("Node3Image", SimWorld.AMI_NEW)
        .containsEntry("NodeDown", "none");
    for (int n = 1; n <= 3; n++) {
      String eni = ClusterLayout.node(n).eni();
      String volume = ClusterLayout.node(n).volume();
      assertThat(world.physicalIds(NAME)).containsEntry(eni, before.get(eni));
      assertThat(world.physicalIds(NAME)).containsEntry(volume, before.get(volume));
    }
  }

  @Test
  void anInstanceChangeDeployedOnAPreviousShapeStackKeepsTheOldUserDataUntilEachNodeIsRolled()
      throws Exception {
    createWithPreviousTemplate();
    Map<String, String> before = world.physicalIds(NAME);
    String yaml =
        Files.readString(DIR.resolve("previous-shape.yaml"))
            .replace("instanceType: m6i.large", "instanceType: m6i.xlarge");
    int updates = world.calls("ExecuteChangeSet");

    assertThat(world.deploy(yaml)).isEqualTo(Deployer.Outcome.UPDATED);

    // One in-place update (NodeConfig, metadata; no user data changed on a running instance),
    // then N+1 roll updates; never two nodes away.
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(1 + 3 + 1);
    RollTest.assertAtMostOneNodeDown(world, NAME);
    TemplateDocument deployed = new ClusterStack(world.cloud, NAME).template();
    // Every node was re-created, so every one now runs today's user data.
    assertThat(ClusterStack.previousUserData(deployed)).isEmpty();
    Map<String, String> after = world.physicalIds(NAME);
    for (int n = 1; n <= 3; n++) {
      String eni = ClusterLayout.node(n).eni();
      String volume = ClusterLayout.node(n).volume();
      String instance = ClusterLayout.node(n).instance();
      assertThat(after)
          .containsEntry(eni, before.get(eni))
          .containsEntry(volume, before.get(volume));
      assertThat(after.get(instance)).isNotEqualTo(before.get(instance));
      assertThat(world.sim.ec2().describeInstances(List.of(after.get(instance))))
          .singleElement()
          .satisfies(i -> assertThat(i.instanceType()).isEqualTo("m6i.xlarge"));
    }
    // No instance was stopped and started in place: each was deleted and created by the roll.
    assertThat(world.sim.stacks().describeStackEvents(NAME, 1000))
        .filteredOn(e -> e.logicalId().endsWith("Instance"))
        .filteredOn(e -> e.timestamp().isAfter(createdAt))
        .extracting(StackEvent::reason)
        .noneMatch(r -> r != null && r.toLowerCase(java.util.Locale.ROOT).contains("stop"));
  }

  /**
   * A stack of the shape before this one, whose volumes' snapshots were parameters, with node 2
   * restored from a snapshot: deploy writes the snapshot into the template instead, and the volume,
   * whose SnapshotId resolves to the same value, is not touched.
   */
  @Test
  void aVolumeRestoredThroughTheSnapshotParameterKeepsItsVolumeWhenTheSnapshotMovesIntoTheTemplate()
      throws Exception {
    assertThat(world.deploy(SimWorld.counted("source", 1, ""))).isEqualTo(Deployer.Outcome.CREATED);
    world.sim.ec2().writeData(world.physicalIds("source").get("Node1Volume"), "source data");
    String snapshot =
        new Snapshotter(world.cloud, world.polling, world.progress)
            .snapshot("source", Map.of())
            .members()
            .get(0)
            .snapshotId();
    create(
        "restored",
        "snapshot-parameter-shape.json",
        n -> n == 2 ? snapshot : "",
        Set.of("CAPABILITY_IAM"));
    Map<String, String> before = world.physicalIds("restored");
    assertThat(world.sim.ec2().readData(before.get("Node2Volume"))).isEqualTo("source data");
    String yaml =
        Files.readString(DIR.resolve("snapshot-parameter-shape.yaml"))
            .replace("SNAPSHOT", snapshot);
    world.lines.clear();

    assertThat(world.deploy(yaml)).isEqualTo(Deployer.Outcome.UPDATED);

    // No volume is in the change set at all (it said so before it ran): node 2's SnapshotId, a
    // parameter before and a value now, resolves to the same snapshot.
    assertThat(world.output())
        .contains("verdict: safe")
        .containsPattern("Modify +Node2Instance +AWS::EC2::Instance +False +Tags,CreationPolicy\n")
        .doesNotContainPattern("Node[0-9]+Volume");
    Map<String, String> after = world.physicalIds("restored");
    for (int n = 1; n <= 3; n++) {
      for (String id : List.of(ClusterLayout.node(n).eni(), ClusterLayout.node(n).volume())) {
        assertThat(after.get(id)).as(id).isEqualTo(before.get(id));
      }
    }
    assertThat(world.sim.ec2().readData(after.get("Node2Volume"))).isEqualTo("source data");
    TemplateDocument deployed = new ClusterStack(world.cloud, "restored").template();
    assertThat(deployed.value(ClusterLayout.node(2).snapshot())).isEqualTo(snapshot);
    assertThat(deployed.parameters()).doesNotContain("Node2Snapshot");
    assertThat(world.stack("restored").parameters()).doesNotContainKey("Node2Snapshot");

    // A second deploy finds nothing to do; so does one of a file that no longer names the
    // snapshot (the volume keeps what it was created from); a file naming another is refused.
    assertThat(world.deploy(yaml)).isEqualTo(Deployer.Outcome.NO_CHANGES);
    assertThat(world.deploy(yaml.replace(", snapshot: " + snapshot, "")))
        .isEqualTo(Deployer.Outcome.NO_CHANGES);
    assertThat(world.physicalIds("restored").get("Node2Volume"))
        .isEqualTo(before.get("Node2Volume"));
    String another =
        new Snapshotter(world.cloud, world.polling, world.progress)
            .snapshot("source", Map.of())
            .members()
            .get(0)
            .snapshotId();
    assertThatThrownBy(() -> world.deploy(yaml.replace(snapshot, another)))
        .hasMessageContaining("node2's volume was created from " + snapshot);
  }

  private java.time.Instant createdAt;

  /** Creates the stack from the kept template, as the previous version's deploy did. */
  private void createWithPreviousTemplate() throws Exception {
    create(NAME, "previous-shape.json", n -> "", Set.of("CAPABILITY_IAM"));
    assertThat(world.sim.stacks().getTemplate(NAME)).doesNotContain("NodeConfig");
    createdAt = world.sim.ticker().now();
  }

  /** Creates stack {@code name} from a kept template with each node's snapshot parameter. */
  @SuppressWarnings("unchecked")
  private void create(
      String name,
      String file,
      java.util.function.IntFunction<String> snapshots,
      Set<String> capabilities)
      throws Exception {
    Map<String, Object> template =
        new ObjectMapper()
            .readValue(Files.readString(DIR.resolve(file)), java.util.LinkedHashMap.class);
    String body = TemplateWriter.write(template, TemplateWriter.Format.COMPACT_JSON);
    List<Parameter> parameters = new ArrayList<>();
    parameters.add(Parameter.of("NodeDown", "none"));
    for (int n = 1; n <= 3; n++) {
      parameters.add(Parameter.of("Node" + n + "Image", SimWorld.AMI_OLD));
      parameters.add(Parameter.of("Node" + n + "Snapshot", snapshots.apply(n)));
    }
    new ChangeSets(world.cloud, world.polling)
        .createAndDescribe(
            ChangeSetRequest.builder(name, "previous")
                .type(ChangeSetType.CREATE)
                .body(body)
                .parameters(parameters)
                .capabilities(capabilities)
                .description("the previous version's deploy")
                .build());
    StackWatcher watcher = new StackWatcher(world.cloud, world.polling, world.progress);
    String mark = watcher.mark(name);
    world.sim.stacks().executeChangeSet(name, "previous");
    StackWatcher.Outcome outcome = watcher.watch(name, mark, 0);
    assertThat(outcome.stack().orElseThrow().status()).isEqualTo(StackStatus.CREATE_COMPLETE);
    world.sim.stacks().setStackPolicy(name, Deployer.policy());
  }
}
