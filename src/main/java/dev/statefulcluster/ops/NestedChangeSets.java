package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.StackResource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The change sets of an update with nested stacks included, read as one: every nested change set is
 * described (breadth first, one call each) and printed. A nested stack removed or replaced, or
 * modified without a nested change set saying how, is a refusal.
 */
final class NestedChangeSets {
  private NestedChangeSets() {}

  /** Every change of the tree below the root (the root's own not included), and the refusals. */
  record Tree(List<ResourceChange> changes, List<String> refusals) {}

  static Tree below(Cloud cloud, ChangeSet root, Progress progress) {
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
}
