package dev.statefulcluster.cloud.aws;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.StackStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;
import software.amazon.awssdk.services.cloudformation.model.ResourceToImport;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;

/** CloudFormation SDK responses to the port's records. Enums travel as AWS spells them. */
final class StackMapping {

  private StackMapping() {}

  /** An IMPORT request's resources, in its order; identifier keys sorted, as a map has none. */
  static List<ResourceToImport> resourcesToImport(ChangeSetRequest request) {
    return request.resourcesToImport().stream()
        .map(
            r ->
                ResourceToImport.builder()
                    .resourceType(r.resourceType())
                    .logicalResourceId(r.logicalResourceId())
                    .resourceIdentifier(new TreeMap<>(r.resourceIdentifier()))
                    .build())
        .toList();
  }

  static Stack stack(software.amazon.awssdk.services.cloudformation.model.Stack s) {
    Map<String, String> parameters = parameters(s.parameters());
    Map<String, String> outputs = new LinkedHashMap<>();
    s.outputs().forEach(o -> outputs.put(o.outputKey(), nullToEmpty(o.outputValue())));
    Map<String, String> tags = new LinkedHashMap<>();
    s.tags().forEach(t -> tags.put(t.key(), nullToEmpty(t.value())));
    return new Stack(
        s.stackId(),
        s.stackName(),
        StackStatus.of(s.stackStatusAsString()),
        s.stackStatusReason(),
        parameters,
        outputs,
        tags,
        Boolean.TRUE.equals(s.enableTerminationProtection()),
        s.creationTime(),
        s.lastUpdatedTime(),
        s.parentId(),
        s.rootId());
  }

  /** A change set from all its pages: the changes of every page, the rest from the first. */
  static ChangeSet changeSet(List<DescribeChangeSetResponse> pages) {
    DescribeChangeSetResponse first = pages.get(0);
    List<Change> changes = pages.stream().flatMap(p -> p.changes().stream()).toList();
    return new ChangeSet(
        first.changeSetId(),
        first.changeSetName(),
        first.stackName(),
        first.statusAsString(),
        first.statusReason(),
        first.executionStatusAsString(),
        parameters(first.parameters()),
        changes.stream()
            .filter(c -> c.resourceChange() != null)
            .map(c -> resourceChange(c.resourceChange()))
            .toList(),
        Boolean.TRUE.equals(first.includeNestedStacks()),
        first.parentChangeSetId(),
        first.rootChangeSetId());
  }

  private static ResourceChange resourceChange(
      software.amazon.awssdk.services.cloudformation.model.ResourceChange c) {
    return new ResourceChange(
        ResourceChange.Action.of(c.actionAsString()),
        c.logicalResourceId(),
        c.physicalResourceId(),
        c.resourceType(),
        ResourceChange.Replacement.of(c.replacementAsString()),
        c.scopeAsStrings(),
        c.details().stream().map(StackMapping::detail).toList(),
        c.changeSetId());
  }

  private static ResourceChange.ChangeDetail detail(ResourceChangeDetail d) {
    var target = d.target();
    return new ResourceChange.ChangeDetail(
        target == null ? null : target.attributeAsString(),
        target == null ? null : target.name(),
        target == null ? null : target.requiresRecreationAsString(),
        d.evaluationAsString(),
        d.changeSourceAsString(),
        d.causingEntity());
  }

  static StackEvent event(software.amazon.awssdk.services.cloudformation.model.StackEvent e) {
    return new StackEvent(
        e.eventId(),
        e.stackName(),
        e.logicalResourceId(),
        e.physicalResourceId(),
        e.resourceType(),
        e.timestamp(),
        e.resourceStatusAsString(),
        e.resourceStatusReason());
  }

  static StackResource resource(StackResourceSummary r) {
    return new StackResource(
        r.logicalResourceId(),
        r.physicalResourceId(),
        r.resourceType(),
        r.resourceStatusAsString(),
        r.resourceStatusReason(),
        r.lastUpdatedTimestamp());
  }

  private static Map<String, String> parameters(List<Parameter> parameters) {
    Map<String, String> map = new LinkedHashMap<>();
    parameters.forEach(p -> map.put(p.parameterKey(), nullToEmpty(p.parameterValue())));
    return map;
  }

  // Map.copyOf in the records rejects nulls; AWS omits empty values (an empty tag value, say).
  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
