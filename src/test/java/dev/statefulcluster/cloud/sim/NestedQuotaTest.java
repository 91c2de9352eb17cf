package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * "Maximum number of CloudFormation resources a nested stack can create, update, or delete per
 * operation: 2500 resources" (Understand CloudFormation quotas), over the whole tree of one
 * operation. NestedCluster's tree holds 3 + g resources in the parent (security group, role,
 * profile, one nested stack per group) and 3 per node (interface, volume, instance).
 */
class NestedQuotaTest {

  @Test
  void aTreeCreatingExactly2500ResourcesIsCreated() {
    NestedCluster c = cluster(19); // 3 + 19 + 3 × 826 = 2,500

    assertThat(c.run(ChangeSetType.CREATE, upload(c, 826), List.of()))
        .isEqualTo(StackStatus.CREATE_COMPLETE);
    assertThat(c.resources(c.childId(19))).isNotEmpty();
  }

  @Test
  void oneResourceMoreFailsTheNestedStackThatPassesItAndTheWholeTreeRollsBack() {
    NestedCluster c = cluster(20); // 3 + 20 + 3 × 826 = 2,501

    assertThat(c.run(ChangeSetType.CREATE, upload(c, 826), List.of()))
        .isEqualTo(StackStatus.ROLLBACK_COMPLETE);

    List<StackEvent> parent = c.eventsOldestFirst(NestedCluster.STACK);
    StackEvent failed =
        parent.stream()
            .filter(e -> e.status().equals("CREATE_FAILED") && e.reason().contains("Limit"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.resourceType()).isEqualTo("AWS::CloudFormation::Stack");
    assertThat(failed.reason())
        .isEqualTo(
            "Embedded stack "
                + failed.physicalId()
                + " was not successfully created: "
                + NestedQuota.EXCEEDED);
    assertThat(c.eventsOldestFirst(failed.physicalId()))
        .extracting(StackEvent::status, StackEvent::reason)
        .containsSubsequence(
            tuple("CREATE_IN_PROGRESS", "User Initiated"),
            tuple("ROLLBACK_IN_PROGRESS", NestedQuota.EXCEEDED),
            tuple("ROLLBACK_COMPLETE", null));
    // The tree's rollback deleted every child the creation had made, with what each created.
    Set<String> children = new HashSet<>();
    parent.stream()
        .filter(e -> e.resourceType().equals(StackEngine.STACK_TYPE) && e.physicalId() != null)
        .filter(e -> !e.physicalId().equals(c.stack(NestedCluster.STACK).id()))
        .forEach(e -> children.add(e.physicalId()));
    assertThat(children).hasSize(20);
    for (String child : children) {
      assertThat(c.stack(child).status()).isEqualTo(StackStatus.DELETE_COMPLETE);
    }
  }

  @Test
  void updatesCountWhatTheyChangeAndADeletionOfTheTreeCountsEveryResource() {
    // 3,023 resources, created before the quota is on (as by a tool that creates in waves).
    NestedCluster c = new NestedCluster(20, 50);
    c.sim.withNestedOperationQuota(false);
    assertThat(c.run(ChangeSetType.CREATE, c.upload(c::child), List.of()))
        .isEqualTo(StackStatus.CREATE_COMPLETE);
    c.sim.withNestedOperationQuota(true);
    String parent = c.parent();

    // 1,000 volumes and 20 nested stacks: within the quota.
    assertThat(c.run(ChangeSetType.UPDATE, parent, NestedCluster.params("VolumeSize", "120")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);

    // A stack tag reaches every interface, volume and instance: 3,000 and more.
    assertThat(update(c, parent, Map.of("team", "data")))
        .isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
    List<StackEvent> events = c.eventsOldestFirst(NestedCluster.STACK);
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.status()).isEqualTo("UPDATE_FAILED");
              assertThat(e.reason())
                  .isEqualTo(
                      "Embedded stack "
                          + e.physicalId()
                          + " was not successfully updated. Currently in"
                          + " UPDATE_ROLLBACK_IN_PROGRESS with reason: "
                          + NestedQuota.EXCEEDED);
            });
    assertThat(c.stack(NestedCluster.STACK).tags()).isEmpty();

    // Deleting the tree deletes 3,023 resources: the deletion fails part-way, a second one ends it.
    c.sim.stacks().deleteStack(NestedCluster.STACK);
    String id = c.stack(NestedCluster.STACK).id();
    assertThat(c.settle()).isEqualTo(StackStatus.DELETE_FAILED);
    int left = 0;
    for (int g = 1; g <= 20; g++) {
      if (c.resources(NestedCluster.STACK).containsKey(NestedCluster.group(g))
          && c.stack(c.childId(g)).status() != StackStatus.DELETE_COMPLETE) {
        left++;
        assertThat(c.stack(c.childId(g)).statusReason()).isEqualTo(NestedQuota.EXCEEDED);
      }
    }
    assertThat(left).isBetween(1, 19);
    c.sim.stacks().deleteStack(NestedCluster.STACK);
    for (int i = 0; i < 1000 && c.stack(id).status().inProgress(); i++) {
      c.sim.ticker().sleep(Duration.ofSeconds(10));
    }
    assertThat(c.stack(id).status()).isEqualTo(StackStatus.DELETE_COMPLETE);
  }

  /** A new model has the quota on, as AWS has. */
  private static NestedCluster cluster(int groups) {
    return new NestedCluster(groups, 50);
  }

  /** Each group's template with {@code nodes} nodes in all, taken off the groups' ends in turn. */
  private static String upload(NestedCluster c, int nodes) {
    Set<Integer> without = new HashSet<>();
    int[] size = new int[c.groups + 1];
    Arrays.fill(size, c.perGroup);
    for (int off = c.groups * c.perGroup - nodes, g = 1; off > 0; off--, g = g % c.groups + 1) {
      without.add(c.firstNode(g) + --size[g]);
    }
    return c.upload(g -> c.child(g, NestedCluster::spread, without));
  }

  private static StackStatus update(NestedCluster c, String body, Map<String, String> tags) {
    ChangeSetRequest r =
        ChangeSetRequest.builder(NestedCluster.STACK, "tags")
            .type(ChangeSetType.UPDATE)
            .body(body)
            .parameters(NestedCluster.params("VolumeSize", "120"))
            .capabilities(Set.of("CAPABILITY_IAM"))
            .tags(tags)
            .includeNestedStacks(true)
            .build();
    c.sim.stacks().createChangeSet(r);
    ChangeSet cs = c.sim.stacks().describeChangeSet(NestedCluster.STACK, "tags");
    while (cs.pending()) {
      c.sim.ticker().sleep(Duration.ofSeconds(1));
      cs = c.sim.stacks().describeChangeSet(NestedCluster.STACK, "tags");
    }
    assertThat(cs.failed()).as(cs.statusReason()).isFalse();
    c.sim.stacks().executeChangeSet(NestedCluster.STACK, "tags");
    return c.settle();
  }
}
