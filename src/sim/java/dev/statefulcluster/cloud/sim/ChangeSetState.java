package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A change set: what it would do, computed at creation, and where it stands. */
final class ChangeSetState {
  final String id;
  final String name;
  final ChangeSetType type;
  final TemplateInstance target;
  final Map<String, String> tags;

  /** CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, FAILED. */
  String status = "CREATE_PENDING";

  String statusReason;

  /** UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, EXECUTE_FAILED, OBSOLETE. */
  String execution = "UNAVAILABLE";

  List<ResourceChange> changes = List.of();

  Set<String> capabilities = Set.of();

  /** Made with IncludeNestedStacks: its nested change sets, one per nested stack it updates. */
  boolean includeNested;

  final List<ChangeSetState> nested = new ArrayList<>();

  /** A nested change set's parent and root change set ids (null for a root). */
  String parentId;

  String rootId;

  /** An IMPORT change set's resources (null for every other type). */
  ResourceImports imports;

  ChangeSetState(
      String id,
      String name,
      ChangeSetType type,
      TemplateInstance target,
      Map<String, String> tags) {
    this.id = id;
    this.name = name;
    this.type = type;
    this.target = target;
    this.tags = Map.copyOf(tags);
  }

  /** Values known only at execution are shown as CloudFormation shows them. */
  private static Map<String, String> shown(Map<String, String> parameters) {
    Map<String, String> out = new LinkedHashMap<>();
    parameters.forEach((k, v) -> out.put(k, Unknowns.in(v) ? Unknowns.KNOWN_AFTER_APPLY : v));
    return out;
  }

  ChangeSet view(String stackName, boolean stackBusy) {
    String exec = execution.equals("AVAILABLE") && stackBusy ? "UNAVAILABLE" : execution;
    return new ChangeSet(
        id,
        name,
        stackName,
        status,
        statusReason,
        exec,
        shown(target.parameters()),
        changes,
        includeNested,
        parentId,
        rootId);
  }
}
