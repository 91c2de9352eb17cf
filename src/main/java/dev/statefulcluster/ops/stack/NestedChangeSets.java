package dev.statefulcluster.ops.stack;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.ops.core.Progress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The change sets of an update with nested stacks included, read as one: every nested change set is
 * described (breadth first, one call each) and printed. A nested stack removed or replaced, or
 * modified without a nested change set saying how, is a refusal.
 */
public final class NestedChangeSets {
  private NestedChangeSets() {}

  /** Every change of the tree below the root (the root's own not included), and the refusals. */
  public record Tree(List<ResourceChange> changes, List<String> refusals) {}

  public static Tree below(Cloud cloud, ChangeSet root, Progress progress) {
    List<ResourceChange> all = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    Deque<ChangeSet> pending = new ArrayDeque<>();
    pending.add(root);
    while (!pending.isEmpty()) {
      ChangeSet cs = pending.poll();
      for (ResourceChange c : cs.changes()) {
        if (!StackResource.NESTED_STACK.equals(c.resourceType())) {
          continue;
        }
        if (c.action() == ResourceChange.Action.REMOVE
            || c.action() == ResourceChange.Action.MODIFY
                && c.replacement() != ResourceChange.Replacement.FALSE) {
          refusals.add(
              c.logicalId()
                  + " (a nested stack of nodes) would be "
                  + (c.action() == ResourceChange.Action.REMOVE ? "deleted" : "replaced")
                  + ", and every volume and interface in it with it");
        } else if (c.action() == ResourceChange.Action.MODIFY) {
          if (c.changeSetId() == null || c.changeSetId().isEmpty()) {
            refusals.add(
                c.logicalId()
                    + ": CloudFormation gives no nested change set saying what changes in"
                    + " it; refused");
            continue;
          }
          ChangeSet child = cloud.stacks().describeChangeSet(null, c.changeSetId());
          if (!child.changes().isEmpty()) {
            progress.line("  %s: %d changes:", c.logicalId(), child.changes().size());
            ChangeSetTable.print(child, progress);
          }
          all.addAll(child.changes());
          pending.add(child);
        }
      }
    }
    return new Tree(List.copyOf(all), List.copyOf(refusals));
  }

  /**
   * The verdict over the whole tree: every nested change set is described (breadth first) and its
   * changes judged together with the root's, as one update; a nested stack removed or replaced, or
   * modified without a nested change set to say how, is refused.
   */
  public static Verdict judge(
      Cloud cloud,
      Progress progress,
      String name,
      ChangeSet root,
      boolean create,
      boolean inPlace) {
    progress.line(
        "%s: %s, %d changes in the parent:",
        name, create ? "new stacks" : "update", root.changes().size());
    ChangeSetTable.print(root, progress);
    List<ResourceChange> all = new ArrayList<>(root.changes());
    List<String> refusals = new ArrayList<>();
    if (!create) {
      NestedChangeSets.Tree below = below(cloud, root, progress);
      all.addAll(below.changes());
      refusals.addAll(below.refusals());
    }
    ChangeSet whole =
        new ChangeSet(
            root.id(),
            root.name(),
            root.stackName(),
            root.status(),
            root.statusReason(),
            root.executionStatus(),
            root.parameters(),
            all);
    // deploy's in-place update stops, starts or replaces no instance; a roll step's may.
    Verdict tree = inPlace ? Verdict.inPlace(whole) : Verdict.of(whole);
    List<String> every = new ArrayList<>(refusals);
    every.addAll(tree.refusals());
    Verdict verdict = new Verdict(List.copyOf(every), tree.warnings());
    ChangeSetTable.print(verdict, progress);
    return verdict;
  }
}
