package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.roll.Batch;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import dev.statefulcluster.ops.stack.StackUpdate;
import dev.statefulcluster.ops.stack.StackWatcher;
import dev.statefulcluster.ops.stack.TemplateBucket;
import dev.statefulcluster.ops.stack.TemplateDelivery;
import dev.statefulcluster.ops.stack.Verdict;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.SpecReader;
import dev.statefulcluster.synth.NestedSynthesis;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cluster over nested stacks within what AWS allows, with the model as strict as AWS: nested
 * change sets that report a value read from a sibling stack's outputs as unknown (and what depends
 * on it as replaced), one operation of a tree changing at most 2,500 resources, and a parent whose
 * update drops a nested stack deleting it with everything in it.
 */
class NestedOperationLimitsTest {
  static final String NAME = "limits";
  final SimWorld world = new SimWorld();
  final ClusterView view = new ClusterView(world, NAME);

  String file(int nodes, String extra) {
    return Layout.NESTED.counted(NAME, nodes, extra, 4);
  }

  @Test
  void aNewClusterGivesItsNodesStacksTheInterfacesValuesNotReferencesToASibling() throws Exception {
    world.deploy(file(12, ""));

    String parent = world.sim.stacks().getTemplate(NAME);
    assertThat(parent).doesNotContain("Fn::GetAtt\":[\"Network");
    assertThat(parent).contains(view.eni(5)).contains("\"DependsOn\":\"Network2\"");
    // Two operations: the network stacks, then the nodes stacks.
    assertThat(world.calls("ExecuteChangeSet")).isEqualTo(2);
    view.assertEveryNodeOn(12, SimWorld.AMI_OLD);
  }

  /**
   * A cluster deployed by an earlier version (or by plain CloudFormation from synth -o), whose
   * nodes stacks read their values from the network stacks: AWS's change sets would call every
   * instance replaced. The roll writes the values out in its first step; deploy does the same in
   * place, replacing nothing.
   */
  @Test
  void aClusterWhoseNodesStacksReadTheirSiblingsRollsAndDeploysAsAnyOther() throws Exception {
    createReferenced(
        SpecLookup.complete(SpecReader.read("cluster.yaml", file(12, "")), world.cloud.ec2()));
    assertThat(world.sim.stacks().getTemplate(NAME)).contains("Fn::GetAtt\":[\"Network1\"");
    Map<String, String> durable = view.durable();

    Roller.Report report =
        world.roller().roll(NAME, RollOptions.to(SimWorld.AMI_NEW).by(Batch.zone()));

    assertThat(report.failed()).as("%s", report.failure()).isFalse();
    assertThat(world.sim.stacks().getTemplate(NAME)).doesNotContain("Fn::GetAtt\":[\"Network");
    view.assertEveryNodeOn(12, SimWorld.AMI_NEW);
    assertThat(view.durable()).isEqualTo(durable);
    view.assertAtMostOneZoneAway();

    Map<Integer, String> instances = view.instances();
    world.deploy(file(12, "tags: {team: data}\n"));
    assertThat(view.instances()).isEqualTo(instances);
    assertThat(view.durable()).isEqualTo(durable);
  }

  @Test
  void growingAddsTheNewInterfacesBeforeAnyNodesStackNamesThem() throws Exception {
    world.deploy(file(6, ""));
    Map<String, String> durable = view.durable();
    int updates = world.calls("ExecuteChangeSet");

    world.deploy(file(11, ""));

    // The network stacks (a new interface in group 2, a new group 3), then the nodes stacks.
    assertThat(world.calls("ExecuteChangeSet") - updates).isEqualTo(2);
    assertThat(view.durable()).containsAllEntriesOf(durable).hasSize(22);
    view.assertEveryNodeOn(11, SimWorld.AMI_OLD);
    String node1 = view.instances().get(1);
    String node11 = new StatusReader(world.cloud).read(NAME, 0).nodes().get(10).privateIp();
    assertThat(world.sim.ec2().nodeFile(node1, "/etc/stateful-cluster/node.env"))
        .hasValueSatisfying(env -> assertThat(env).contains("," + node11));
  }

  /**
   * 700 nodes with recovery alarms over two zones: four resources a node, about 2,800 to create,
   * more than one operation of a tree may. The nodes stacks go in waves of whole groups. A zone
   * roll then takes 350 nodes away at once: each zone fits an update, "one up, the next away"
   * (about 2,100 resources) does not, so the halves are separate updates.
   */
  @Test
  void aClusterTooLargeForOneOperationIsCreatedInWavesAndARunKilledBetweenThemFinishes()
      throws Exception {
    SimWorld wide = SimWorld.wide();
    String big =
        SimWorld.counted(NAME, 700, "recovery: true\n")
            .replace(", " + SimWorld.SUBNETS[2] + "]", "]");
    KillingCloud killing =
        new KillingCloud(wide.cloud, "executeChangeSet"::equals, 3); // the second wave
    Throwable killed =
        catchThrowable(
            () ->
                new Deployer(killing, wide.polling, wide.progress)
                    .deploy(SimWorld.spec(big), SimWorld.WITH_BUCKET));
    assertThat(killed).isInstanceOf(KillingCloud.Killed.class);
    assertThat(wide.output()).contains("waves of whole groups").contains("wave 1: groups 1 to ");

    wide.deploy(big);

    assertThat(wide.stack(NAME).status()).isEqualTo(StackStatus.UPDATE_COMPLETE);
    ClusterView wideView = new ClusterView(wide, NAME);
    wideView.assertEveryNodeOn(700, SimWorld.AMI_OLD);
    assertThat(wideView.durable()).hasSize(1400);
    assertThat(wide.output()).doesNotContain("Limit on the number of resources");

    wide.lines.clear();
    Roller.Report plan =
        wide.roller().roll(NAME, RollOptions.to(SimWorld.AMI_NEW).by(Batch.zone()).dryRun(true));
    assertThat(plan.failed()).isFalse();
    assertThat(wide.lines).anyMatch(l -> l.contains(": 4 stack updates, one zone away at a time"));
  }

  @Test
  void theParentsPolicyStopsAnUpdateThatWouldDropANestedStack() throws Exception {
    world.deploy(file(12, ""));
    Map<String, String> durable = view.durable();
    // Someone updates the parent by hand with a template lacking the last group.
    Map<String, Object> parent =
        dev.statefulcluster.ops.stack.TemplateDocument.parse(world.sim.stacks().getTemplate(NAME))
            .root();
    @SuppressWarnings("unchecked")
    Map<String, Object> resources =
        new LinkedHashMap<>((Map<String, Object>) parent.get("Resources"));
    resources.remove("Nodes3");
    resources.remove("Network3");
    parent.put("Resources", resources);
    StackUpdate updates =
        new StackUpdate(
            world.cloud,
            world.polling,
            world.progress,
            new StackWatcher(world.cloud, world.polling, world.progress));

    StackUpdate.Result result =
        updates.run(
            StackUpdate.Request.update(
                    NAME,
                    "by-hand",
                    "by hand",
                    TemplateDelivery.body(
                        new com.fasterxml.jackson.databind.ObjectMapper()
                            .writeValueAsString(parent),
                        SimWorld.BUCKET),
                    List.of(Parameter.previous("NodeDown")))
                .withNestedStacks(),
            "rejected: ",
            Verdict::of);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.outcome().reasons()).contains("Action denied by stack policy");
    assertThat(view.durable()).isEqualTo(durable);
  }

  /** Creates the cluster as plain CloudFormation would from synth -o: one operation. */
  private void createReferenced(ClusterSpec spec) throws Exception {
    NestedSynthesis nested = NestedSynthesis.of(spec);
    TemplateBucket.Target bucket = new TemplateBucket.Target(SimWorld.BUCKET, null);
    Map<String, String> urls = new LinkedHashMap<>();
    nested
        .children()
        .forEach(
            (id, c) ->
                urls.put(id, TemplateBucket.upload(world.cloud, bucket, NAME, c.compactBody())));
    StackUpdate updates =
        new StackUpdate(
            world.cloud,
            world.polling,
            world.progress,
            new StackWatcher(world.cloud, world.polling, world.progress));
    StackUpdate.Result created =
        updates.run(
            StackUpdate.Request.update(
                    NAME,
                    "create",
                    "plain",
                    TemplateDelivery.body(nested.parent(urls::get).compactBody(), SimWorld.BUCKET),
                    List.of(Parameter.of("NodeDown", "none")))
                .creating(0),
            "rejected: ",
            Verdict::of);
    assertThat(created.succeeded()).as("%s", created.outcome().reasons()).isTrue();
    world.sim.stacks().setStackPolicy(NAME, Deployer.policy());
  }
}
