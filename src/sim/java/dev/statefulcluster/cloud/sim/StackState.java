package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** A stack: its template and parameters, resources, events, change sets and guards. */
final class StackState {
  final String id;
  final String name;
  final Instant created;
  StackStatus status;
  String statusReason;
  Instant lastUpdated;
  TemplateInstance current;
  Map<String, String> tags = Map.of();
  Map<String, String> outputs = Map.of();
  boolean terminationProtection;
  String policyBody;
  StackPolicyRules policy;
  final Map<String, ResourceState> resources = new LinkedHashMap<>();
  final List<StackEvent> events = new ArrayList<>();
  final Map<String, ChangeSetState> changeSets = new LinkedHashMap<>();

  /** The update whose rollback failed, kept for ContinueUpdateRollback. */
  UpdateRun failedRollback;

  /** A nested stack's: the stack ids of its parent and of the root of its hierarchy. */
  String parentId;

  String rootId;

  /** The capabilities its last change set acknowledged; its nested stacks are given the same. */
  Set<String> capabilities = Set.of();

  /** The count of the operation it is in, shared with the stacks of its tree (NestedQuota). */
  NestedQuota.Tally tally;

  /** The forward phase of its creation or update while it runs (cancelled with its parent's). */
  Deployment deployment;

  /**
   * A nested stack whose update went through, waiting in UPDATE_COMPLETE_CLEANUP_IN_PROGRESS for
   * its root: cleaned up with the root's cleanup, or rolled back with the root's rollback.
   */
  NestedWait awaiting;

  record NestedWait(ChangeSetState changeSet, UpdateRun run, List<String> removed) {}

  /** Hear every status change; a watcher that returns true is done and is dropped. */
  final List<Predicate<StackState>> watchers = new ArrayList<>();

  StackState(String id, String name, Instant created) {
    this.id = id;
    this.name = name;
    this.created = created;
  }

  Map<String, String> parameters() {
    return current == null ? Map.of() : current.parameters();
  }

  Stack view() {
    Map<String, String> shown = new LinkedHashMap<>();
    parameters()
        .forEach(
            (k, v) -> {
              ParameterDecl d = current.template().parameters().get(k);
              shown.put(k, d != null && d.noEcho() ? "****" : v);
            });
    return new Stack(
        id,
        name,
        status,
        statusReason,
        shown,
        outputs,
        tags,
        terminationProtection,
        created,
        lastUpdated,
        parentId,
        rootId);
  }
}
