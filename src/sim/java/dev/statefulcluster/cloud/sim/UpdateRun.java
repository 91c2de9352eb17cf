package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one stack operation (create or update) did, so that it can be finished or undone: the
 * resources it touched (with their state before), created, replaced, and the physical resources
 * left over from failed or undone replacements.
 */
final class UpdateRun {

  /** How a pre-existing resource was touched. */
  enum Touch {
    /** Properties updated in place: a rollback updates them back. */
    MODIFY,
    /** A replacement was attempted: a rollback makes the old resource current again. */
    REPLACE,
    /** Only the record changed (metadata, policies), or the update was refused or cancelled. */
    RECORD
  }

  record Touched(Touch touch, ResourceState before, ObjectNode attempted) {}

  final TemplateInstance target;

  /** Null for a stack creation. */
  final TemplateInstance previous;

  final Map<String, String> previousOutputs;
  final Map<String, Touched> touched = new LinkedHashMap<>();

  /** Logical ids of resources this run created. */
  final List<String> added = new ArrayList<>();

  /** Old physical resources replaced by this run, by logical id, deleted in cleanup. */
  final Map<String, ResourceState> replacedOld = new LinkedHashMap<>();

  /** Physical resources created by this run that no logical resource holds any more. */
  final List<ResourceState> orphans = new ArrayList<>();

  final Set<String> failedCreates = new LinkedHashSet<>();
  final Set<String> failedUpdates = new LinkedHashSet<>();

  /**
   * The stack's tags change with this update: CloudFormation updates every resource that takes
   * tags, even one whose properties are the same, to carry the stack's new tags.
   */
  boolean stackTagsChanged;

  /** The stack's tags before the update: a rollback gives them back. */
  Map<String, String> previousTags = Map.of();

  /** Why the operation was refused before anything started (a quota), or null. */
  String refusal;

  UpdateRun(
      TemplateInstance target, TemplateInstance previous, Map<String, String> previousOutputs) {
    this.target = target;
    this.previous = previous;
    this.previousOutputs = previousOutputs;
  }

  void touch(String logicalId, Touch touch, ResourceState before, ObjectNode attempted) {
    touched.putIfAbsent(logicalId, new Touched(touch, before.copy(), attempted));
  }

  /** CloudFormation's reason for a rollback: the resources that failed (or were cancelled). */
  String failureReason() {
    if (refusal != null) {
      return refusal;
    }
    StringBuilder out = new StringBuilder();
    if (!failedCreates.isEmpty()) {
      out.append("The following resource(s) failed to create: ")
          .append(new ArrayList<>(failedCreates))
          .append(". ");
    }
    if (!failedUpdates.isEmpty()) {
      out.append("The following resource(s) failed to update: ")
          .append(new ArrayList<>(failedUpdates))
          .append(". ");
    }
    return out.toString().trim();
  }
}
