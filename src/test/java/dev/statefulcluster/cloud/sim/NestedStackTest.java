package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Nested stacks as CloudFormation runs them: a parent with three groups of three nodes, each group
 * a child stack of ENIs, volumes and instances under NodeDown.
 */
class NestedStackTest {
  private final NestedCluster c = new NestedCluster(3, 3);

  private StackStatus create() {
    return c.run(ChangeSetType.CREATE, c.upload(c::child), List.of());
  }

  private StackStatus update(String... params) {
    return c.run(ChangeSetType.UPDATE, c.parent(), NestedCluster.params(params));
  }

  @Test
  void theParentCreatesEachChildAsAStackOfItsOwn() {
    assertThat(create()).isEqualTo(StackStatus.CREATE_COMPLETE);

    Stack parent = c.stack(NestedCluster.STACK);
    assertThat(parent.nested()).isFalse();
    for (int g = 1; g <= 3; g++) {
      StackResource r = c.resources(NestedCluster.STACK).get(NestedCluster.group(g));
      assertThat(r.nestedStack()).isTrue();
      assertThat(r.status()).isEqualTo("CREATE_COMPLETE");
      Stack child = c.stack(r.physicalId());
      assertThat(child.name()).matches("big-Group" + g + "-[A-Z0-9]{12}");
      assertThat(child.id()).startsWith("arn:aws:cloudformation:us-east-1:123456789012:stack/");
      assertThat(child.status()).isEqualTo(StackStatus.CREATE_COMPLETE);
      assertThat(child.parentId()).isEqualTo(parent.id());
      assertThat(child.rootId()).isEqualTo(parent.id());
      assertThat(child.tags()).containsEntry("stateful-cluster:group", "Group" + g);
      assertThat(child.parameters())
          .containsEntry("NodeDown", "none")
          .containsEntry("Image", "ami-old");
      // Its own resources and events; the instances signalled the child stack by its name.
      Map<String, StackResource> resources = c.resources(child.id());
      assertThat(resources).hasSize(9);
      assertThat(resources.values()).allMatch(x -> x.status().equals("CREATE_COMPLETE"));
      assertThat(c.eventsOldestFirst(child.name()))
          .anyMatch(e -> e.reason() != null && e.reason().startsWith("Received SUCCESS signal"));
      // The parent's outputs read the child's through Fn::GetAtt Group.Outputs.Name.
      int first = c.firstNode(g);
      assertThat(parent.outputs().get("Node" + first + "PrivateIp"))
          .isEqualTo(child.outputs().get("Node" + first + "PrivateIp"))
          .startsWith("10.0.");
    }
    // The parent's events show each child as one resource; the children's resources are theirs.
    assertThat(c.eventsOldestFirst(NestedCluster.STACK))
        .noneMatch(e -> e.logicalId().matches("Node\\d+.*"))
        .anyMatch(
            e ->
                e.logicalId().equals("Group2")
                    && e.status().equals("CREATE_COMPLETE")
                    && e.resourceType().equals("AWS::CloudFormation::Stack"));
  }

  @Test
  void aNodeDownStepChangesOnlyItsOwnChildAndItsInstanceGoesInTheRootsCleanup() {
    create();
    Map<String, String> before = c.enisAndVolumes();
    String group1 = c.childId(1);
    String group2 = c.childId(2);
    int eventsOfGroup1 = c.eventsOldestFirst(group1).size();

    assertThat(update("NodeDown", "node5")).isEqualTo(StackStatus.UPDATE_COMPLETE);

    // Group 2 (nodes 4-6) lost node 5's instance; nothing else of any node changed.
    assertThat(c.resources(group2)).doesNotContainKey("Node5Instance").containsKey("Node4Instance");
    assertThat(c.enisAndVolumes()).isEqualTo(before);
    // Every child was updated (CloudFormation initiates an update of each nested stack), but the
    // unmodified ones only at the stack level: no resource of group 1 has a new event.
    List<StackEvent> newOfGroup1 =
        c.eventsOldestFirst(group1).subList(eventsOfGroup1, c.eventsOldestFirst(group1).size());
    assertThat(newOfGroup1).allMatch(StackEvent::isStackEvent);
    assertThat(newOfGroup1)
        .extracting(StackEvent::status)
        .containsExactly(
            "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE");
    // Node 5's instance is deleted in the root's cleanup phase, not when its child was done.
    Instant rootCleanup =
        at(NestedCluster.STACK, NestedCluster.STACK, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
    Instant group2Done = at(NestedCluster.STACK, "Group2", "UPDATE_COMPLETE");
    Instant deleting = at(group2, "Node5Instance", "DELETE_IN_PROGRESS");
    assertThat(group2Done).isBeforeOrEqualTo(rootCleanup);
    assertThat(deleting).isAfterOrEqualTo(rootCleanup);
    assertThat(at(NestedCluster.STACK, NestedCluster.STACK, "UPDATE_COMPLETE"))
        .isAfterOrEqualTo(at(group2, c.stack(group2).name(), "UPDATE_COMPLETE"));
    assertThat(c.stack(group2).parameters()).containsEntry("NodeDown", "node5");
  }

  @Test
  void aChildWhoseInstanceNeverSignalsRollsBackTheWholeTree() {
    create();
    update("NodeDown", "node5");
    Map<String, String> before = c.enisAndVolumes();
    String node8 = c.resources(c.childId(3)).get("Node8Instance").physicalId();

    // Node 5 comes back, but its image now never signals, while group 3 takes node 8 away.
    c.sim.ec2().setImageBehavior("ami-old", ImageBehavior.neverSignals());
    assertThat(update("NodeDown", "node8")).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);

    assertThat(c.eventsOldestFirst(NestedCluster.STACK))
        .anyMatch(
            e ->
                e.isStackEvent()
                    && e.status().equals("UPDATE_ROLLBACK_IN_PROGRESS")
                    && "The following resource(s) failed to update: [Group2].".equals(e.reason()));
    StackEvent failed =
        c.eventsOldestFirst(NestedCluster.STACK).stream()
            .filter(e -> e.status().equals("UPDATE_FAILED"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.logicalId()).isEqualTo("Group2");
    assertThat(failed.reason())
        .startsWith("Embedded stack " + c.childId(2) + " was not successfully updated.")
        .contains("Currently in UPDATE_ROLLBACK_IN_PROGRESS")
        .contains("The following resource(s) failed to create: [Node5Instance].");
    assertThat(c.eventsOldestFirst(c.childId(2)))
        .anyMatch(
            e ->
                e.logicalId().equals("Node5Instance")
                    && "Failed to receive 1 resource signal(s) within the specified duration"
                        .equals(e.reason()));
    // Every child is back where it was: group 3's update had gone through and rolls back too,
    // so node 8's instance, whose removal waited for the root's cleanup, never went away.
    for (int g = 1; g <= 3; g++) {
      Stack child = c.stack(c.childId(g));
      assertThat(child.status()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
      assertThat(child.parameters()).containsEntry("NodeDown", "node5");
    }
    assertThat(c.eventsOldestFirst(c.childId(3)))
        .filteredOn(StackEvent::isStackEvent)
        .extracting(StackEvent::status)
        .containsSubsequence(
            "UPDATE_IN_PROGRESS",
            "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
            "UPDATE_ROLLBACK_IN_PROGRESS",
            "UPDATE_ROLLBACK_COMPLETE");
    assertThat(c.resources(c.childId(3)).get("Node8Instance").physicalId()).isEqualTo(node8);
    assertThat(c.sim.ec2().describeInstances(List.of(node8)))
        .singleElement()
        .extracting(Ec2Api.Instance::state)
        .isEqualTo("running");
    assertThat(c.resources(c.childId(2))).doesNotContainKey("Node5Instance");
    assertThat(c.enisAndVolumes()).isEqualTo(before);
    for (String id : before.values()) {
      if (id.startsWith("vol-")) {
        assertThat(c.sim.ec2().describeVolumes(List.of(id))).hasSize(1);
      }
    }
    assertThat(c.stack(NestedCluster.STACK).parameters()).containsEntry("NodeDown", "node5");
  }

  @Test
  void aNestedChangeSetShowsWhatTheRootChangeSetCannot() {
    create();
    String group2 = c.childId(2);
    // Group 2's template moves node 4 to another subnet and drops node 6.
    c.sim
        .templates()
        .put(
            NestedCluster.BUCKET,
            null,
            "Group2.json",
            c.child(2, n -> n == 4 ? "subnet-c" : NestedCluster.spread(n), Set.of(6)));

    ChangeSet root =
        c.changeSet(ChangeSetType.UPDATE, c.parent(), NestedCluster.params("NodeDown", "none"));

    assertThat(root.statusReason()).isNull();
    assertThat(root.status()).isEqualTo("CREATE_COMPLETE");
    assertThat(root.includeNestedStacks()).isTrue();
    // The root sees three nested stacks modified, none replaced: the danger is inside.
    assertThat(root.changes())
        .allSatisfy(
            ch -> {
              assertThat(ch.resourceType()).isEqualTo("AWS::CloudFormation::Stack");
              assertThat(ch.replacement()).isEqualTo(ResourceChange.Replacement.FALSE);
              assertThat(ch.changeSetId()).isNotNull();
            });
    assertThat(root.changes().get(0).details())
        .singleElement()
        .extracting(ResourceChange.ChangeDetail::changeSource)
        .isEqualTo("Automatic");
    String nestedId =
        root.changes().stream()
            .filter(ch -> ch.logicalId().equals("Group2"))
            .findFirst()
            .orElseThrow()
            .changeSetId();
    ChangeSet nested = c.sim.stacks().describeChangeSet(null, nestedId);
    assertThat(nested.stackName()).isEqualTo(c.stack(group2).name());
    assertThat(nested.parentChangeSetId()).isEqualTo(root.id());
    assertThat(nested.rootChangeSetId()).isEqualTo(root.id());
    assertThat(nested.changes())
        .anySatisfy(
            ch -> {
              assertThat(ch.logicalId()).isEqualTo("Node4Eni");
              assertThat(ch.action()).isEqualTo(ResourceChange.Action.MODIFY);
              assertThat(ch.replacement()).isEqualTo(ResourceChange.Replacement.TRUE);
            })
        .anySatisfy(
            ch -> {
              assertThat(ch.logicalId()).isEqualTo("Node6Volume");
              assertThat(ch.action()).isEqualTo(ResourceChange.Action.REMOVE);
            });
    // The other children's nested change sets are empty.
    String group1Set = root.changes().get(0).changeSetId();
    assertThat(c.sim.stacks().describeChangeSet(null, group1Set).changes()).isEmpty();
    // A nested change set is executed or deleted only through its root.
    assertThatThrownBy(() -> c.sim.stacks().executeChangeSet(null, nestedId))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("through its root change set");
    assertThatThrownBy(() -> c.sim.stacks().deleteChangeSet(null, nestedId))
        .isInstanceOf(CloudException.class);
    c.sim.stacks().deleteChangeSet(NestedCluster.STACK, root.name());
    assertThatThrownBy(() -> c.sim.stacks().describeChangeSet(null, nestedId))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void executingTheRootChangeSetExecutesTheNestedOnes() {
    create();
    ChangeSet root =
        c.changeSet(ChangeSetType.UPDATE, c.parent(), NestedCluster.params("NodeDown", "node2"));
    String nestedId = root.changes().get(0).changeSetId();

    c.sim.stacks().executeChangeSet(NestedCluster.STACK, root.name());
    assertThat(c.settle()).isEqualTo(StackStatus.UPDATE_COMPLETE);

    assertThat(c.sim.stacks().describeChangeSet(null, nestedId).executionStatus())
        .isEqualTo("EXECUTE_COMPLETE");
    assertThat(c.resources(c.childId(1))).doesNotContainKey("Node2Instance");
  }

  @Test
  void eachChildHasItsOwnStackPolicy() {
    create();
    String group1 = c.childId(1);
    c.sim
        .stacks()
        .setStackPolicy(
            group1,
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"Update:*\",\"Principal\":\"*\","
                + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"Update:Delete\","
                + "\"Principal\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                + "{\"ResourceType\":[\"AWS::EC2::Instance\"]}}}]}");

    // The parent has no policy, but group 1's own denies removing node 1's instance.
    assertThat(update("NodeDown", "node1")).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);

    assertThat(c.eventsOldestFirst(group1))
        .anyMatch(
            e ->
                e.logicalId().equals("Node1Instance")
                    && e.reason() != null
                    && e.reason().startsWith("Action denied by stack policy"));
    assertThat(c.resources(group1)).containsKey("Node1Instance");
    assertThat(c.sim.stacks().getStackPolicy(c.childId(2))).isEmpty();
  }

  @Test
  void deletingTheParentDeletesEveryChild() {
    create();
    List<String> children = List.of(c.childId(1), c.childId(2), c.childId(3));
    Map<String, String> enisAndVolumes = c.enisAndVolumes();
    String parentId = c.stack(NestedCluster.STACK).id();

    c.sim.stacks().deleteStack(NestedCluster.STACK);
    for (int i = 0;
        i < 1000 && c.sim.stacks().describeStack(NestedCluster.STACK).isPresent();
        i++) {
      c.sim.ticker().sleep(java.time.Duration.ofSeconds(10));
    }

    assertThat(c.sim.stacks().describeStack(NestedCluster.STACK)).isEmpty();
    for (String child : children) {
      // Asked by id, a deleted stack is still described; its events end with DELETE_COMPLETE.
      assertThat(c.stack(child).status()).isEqualTo(StackStatus.DELETE_COMPLETE);
      List<StackEvent> events = c.sim.stacks().describeStackEvents(child, 1);
      assertThat(events.get(0).status()).isEqualTo("DELETE_COMPLETE");
      assertThat(events.get(0).isStackEvent()).isTrue();
    }
    // Each child was deleted before the parent finished: the parent's last events.
    Instant parentDone = at(parentId, NestedCluster.STACK, "DELETE_COMPLETE");
    for (String child : children) {
      assertThat(c.sim.stacks().describeStackEvents(child, 1).get(0).timestamp())
          .isBeforeOrEqualTo(parentDone);
    }
    for (String id : enisAndVolumes.values()) {
      if (id.startsWith("vol-")) {
        assertThat(c.sim.ec2().describeVolumes(List.of(id))).isEmpty();
        assertThat(c.sim.ec2().snapshotsOfVolumes(List.of(id))).hasSize(1);
      } else {
        assertThat(c.sim.ec2().networkInterface(id)).isEmpty();
      }
    }
  }

  @Test
  void aChildTemplateIsCheckedAgainstTheQuotasOfAStack() {
    // 3 resources a node: 167 nodes are 501 resources in one child.
    NestedCluster big = new NestedCluster(1, 167);
    String parent = big.upload(big::child);

    assertThat(big.run(ChangeSetType.CREATE, parent, List.of()))
        .isEqualTo(StackStatus.ROLLBACK_COMPLETE);

    StackEvent failed =
        big.eventsOldestFirst(NestedCluster.STACK).stream()
            .filter(e -> e.status().equals("CREATE_FAILED"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.logicalId()).isEqualTo("Group1");
    assertThat(failed.reason()).contains("500");
  }

  @Test
  void aTemplateUrlTheModelCannotReadFailsTheChild() {
    String parent = c.parent();
    // Nothing uploaded: the objects do not exist.
    assertThat(c.run(ChangeSetType.CREATE, parent, List.of()))
        .isEqualTo(StackStatus.ROLLBACK_COMPLETE);

    assertThat(c.eventsOldestFirst(NestedCluster.STACK))
        .anyMatch(
            e ->
                e.status().equals("CREATE_FAILED")
                    && "TemplateURL must reference a valid S3 object to which you have access."
                        .equals(e.reason()));
  }

  private Instant at(String stack, String logicalId, String status) {
    return c.eventsOldestFirst(stack).stream()
        .filter(e -> e.logicalId().equals(logicalId) && e.status().equals(status))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError(logicalId + " never " + status + " in " + stack))
        .timestamp();
  }
}
