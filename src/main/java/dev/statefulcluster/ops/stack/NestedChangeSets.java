package dev.statefulcluster.ops.stack;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.ops.core.Progress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The change sets of an update with nested stacks included, read as one: every nested change set is
 * described (breadth first, one call each) and printed. A nested stack removed or replaced, or
 * modified without a nested change set saying how, is a refusal.
 */
public final class NestedChangeSets {
  private NestedChangeSets() {}

  /**
   * Every change of the tree below the root (the root's own not included), the refusals, and how
   * many changes each of the root's nested stacks holds (its own resource change not counted).
   */
  public record Tree(
      List<ResourceChange> changes, List<String> refusals, Map<String, Integer> perStack) {}

  public static Tree below(Cloud cloud, ChangeSet root, Progress progress) {
    List<ResourceChange> all = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    Map<String, Integer> perStack = new LinkedHashMap<>();
    Deque<ChangeSet> pending = new ArrayDeque<>();
    Map<ChangeSet, String> under = new HashMap<>();
    pending.add(root);
    while (!pending.isEmpty()) {
      ChangeSet cs = pending.poll();
      String top = under.get(cs);
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
          String owner = top != null ? top : c.logicalId();
          perStack.merge(owner, child.changes().size(), Integer::sum);
          under.put(child, owner);
          pending.add(child);
        }
      }
    }
    return new Tree(List.copyOf(all), List.copyOf(refusals), Map.copyOf(perStack));
  }

  /**
   * CloudFormation's quota: "Maximum number of CloudFormation resources a nested stack can create,
   * update, or delete per operation: 2500" (docs/aws-facts.md). Where AWS counts is not documented;
   * the tool plans every operation of a tree for at most {@link #PLANNED_RESOURCES}, a fifth below.
   */
  public static final int RESOURCES_PER_OPERATION = 2_500;

  /** What the tool lets one operation of a tree change: a margin below AWS's quota. */
  public static final int PLANNED_RESOURCES = 2_000;

  /**
   * The verdict over a whole tree, and what it counted: every change of every change set (root's
   * included) and each of the root's nested stacks' share.
   */
  public record Judged(Verdict verdict, int changes, Map<String, Integer> perStack) {}

  /**
   * The verdict over the whole tree: every nested change set is described (breadth first) and its
   * changes judged together with the root's, as one update; a nested stack removed or replaced, or
   * modified without a nested change set to say how, is refused, as is an operation that would
   * change more resources than CloudFormation lets one operation of a tree change.
   */
  public static Verdict judge(
      Cloud cloud,
      Progress progress,
      String name,
      ChangeSet root,
      boolean create,
      boolean inPlace) {
    return judged(cloud, progress, name, root, create, inPlace, RESOURCES_PER_OPERATION, 0)
        .verdict();
  }

  /** How the refusal of an operation too large for one begins. */
  public static final String TOO_LARGE = "the update changes ";

  /**
   * As {@link #judge}, refusing above {@code limit} changes, with the counts; {@code created}: the
   * resources of nested stacks the update creates, which get no nested change set to count them.
   */
  public static Judged judged(
      Cloud cloud,
      Progress progress,
      String name,
      ChangeSet root,
      boolean create,
      boolean inPlace,
      int limit,
      int created) {
    progress.line(
        "%s: %s, %d changes in the parent:",
        name, create ? "new stacks" : "update", root.changes().size());
    ChangeSetTable.print(root, progress);
    List<ResourceChange> all = new ArrayList<>(root.changes());
    List<String> refusals = new ArrayList<>();
    Map<String, Integer> perStack = Map.of();
    if (!create) {
      NestedChangeSets.Tree below = below(cloud, root, progress);
      all.addAll(below.changes());
      refusals.addAll(below.refusals());
      perStack = below.perStack();
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
    int changes = all.size() + created;
    if (changes > limit) {
      every.add(
          TOO_LARGE
              + changes
              + " resources over the nested stacks, more than one operation may ("
              + limit
              + " planned; CloudFormation allows "
              + RESOURCES_PER_OPERATION
              + " and rolls back past it)");
    }
    Verdict verdict = new Verdict(List.copyOf(every), tree.warnings());
    ChangeSetTable.print(verdict, progress);
    return new Judged(verdict, changes, perStack);
  }
}
