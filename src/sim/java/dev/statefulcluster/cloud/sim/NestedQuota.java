package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.StackStatus;
import java.util.function.IntSupplier;

/**
 * CloudFormation's quota "Nested stacks: Maximum number of CloudFormation resources a nested stack
 * can create, update, or delete per operation. 2500 resources" (Understand CloudFormation quotas).
 * A single stack holds at most 500 resources, so the quota counts the whole tree: one operation of
 * a stack (create, update, delete) and every operation of its nested stacks that it drives share
 * one count.
 *
 * <p>Each stack adds its share when its operation starts: a creation every resource of its
 * template, an update every resource it adds, modifies (nested stack resources included: each is
 * updated with every update) or removes, a deletion every resource it holds. The stack whose share
 * would take the count past 2,500 fails at once with "Limit on the number of resources in a single
 * stack operation exceeded" (the reason a nested stack's failed update shows on AWS: "Embedded
 * stack … was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: Limit
 * on the number of resources in a single stack operation exceeded", aws-amplify/amplify-category-
 * api#1854), and the tree rolls back. Where AWS counts is not documented: counting at the start of
 * each stack's operation, and not counting rollbacks, are the model's choices.
 */
final class NestedQuota {
  static final int MAX_RESOURCES = 2_500;

  static final String EXCEEDED =
      "Limit on the number of resources in a single stack operation exceeded";

  /** The count of one operation of a stack tree. */
  static final class Tally {
    private int touched;

    int touched() {
      return touched;
    }
  }

  private NestedQuota() {}

  /**
   * The operation of {@code s} starts: asked of {@code s} itself, it starts a count of its own;
   * driven by its parent's operation ({@code nested}), it shares the parent's.
   */
  static void begin(StackEngine engine, StackState s, boolean nested) {
    Tally parent =
        nested && s.parentId != null
            ? engine.find(s.parentId).map(p -> p.tally).orElse(null)
            : null;
    s.tally = parent != null ? parent : new Tally();
  }

  /**
   * Adds {@code s}'s share ({@code touches}, worked out only when the quota is on); false, adding
   * nothing, when it would take the operation past the quota.
   */
  static boolean admit(StackEngine engine, StackState s, IntSupplier touches) {
    if (!engine.nestedOperationQuota) {
      return true;
    }
    if (s.tally == null) {
      s.tally = new Tally();
    }
    int n = touches.getAsInt();
    if (s.tally.touched + n > MAX_RESOURCES) {
      return false;
    }
    s.tally.touched += n;
    return true;
  }

  /** What an update of {@code s} to {@code target} adds, modifies or removes. */
  static int updates(StackState s, TemplateInstance target, boolean stackTagsChange) {
    try {
      return ChangeSetPlanner.planned(s, target, stackTagsChange).changes().size();
    } catch (CloudException e) {
      return 0; // the update fails on its own
    }
  }

  /** Every resource {@code s} holds. */
  static int held(StackState s) {
    return (int) s.resources.values().stream().filter(r -> !r.gone()).count();
  }

  /**
   * Whether deleting a nested stack now is part of its parent's operation: an update's cleanup or a
   * deletion. A rollback removing what the operation created is not counted.
   */
  static boolean counted(StackEngine engine, StackState child) {
    StackStatus parent =
        child.parentId == null ? null : engine.find(child.parentId).map(p -> p.status).orElse(null);
    return parent == StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS
        || parent == StackStatus.DELETE_IN_PROGRESS;
  }
}
