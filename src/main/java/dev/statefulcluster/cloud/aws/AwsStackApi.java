package dev.statefulcluster.cloud.aws;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * {@link StackApi} on CloudFormation: one SDK call (or paginator) per method, inside {@link
 * AwsErrors#call}; the answer is mapped to the port's records outside it.
 */
final class AwsStackApi implements StackApi {

  private final Supplier<CloudFormationClient> client;
  private final AwsErrors errors;

  AwsStackApi(Supplier<CloudFormationClient> client, AwsErrors errors) {
    this.client = client;
    this.errors = errors;
  }

  private CloudFormationClient cfn() {
    return client.get();
  }

  @Override
  public Optional<Stack> describeStack(String stackName) {
    try {
      var stacks = errors.call(() -> cfn().describeStacks(r -> r.stackName(stackName)).stacks());
      // Asked by stack id, CloudFormation still describes a deleted stack: not a live one.
      return stacks.stream()
          .filter(s -> !"DELETE_COMPLETE".equals(s.stackStatusAsString()))
          .findFirst()
          .map(StackMapping::stack);
    } catch (CloudException e) {
      // CloudFormation has no NotFound code: "Stack with id X does not exist" is a ValidationError.
      if (e.code().equals("ValidationError") && e.getMessage().contains("does not exist")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public String getTemplate(String stackName) {
    return errors.call(
        () ->
            cfn()
                .getTemplate(r -> r.stackName(stackName).templateStage(TemplateStage.ORIGINAL))
                .templateBody());
  }

  @Override
  public String createChangeSet(ChangeSetRequest request) {
    List<Parameter> parameters = new ArrayList<>();
    for (var p : request.parameters()) {
      parameters.add(
          p.usePreviousValue()
              ? Parameter.builder().parameterKey(p.key()).usePreviousValue(true).build()
              : Parameter.builder().parameterKey(p.key()).parameterValue(p.value()).build());
    }
    // Tags only when given: an empty list would remove the stack's tags; absent keeps them.
    List<Tag> tags = new ArrayList<>();
    if (request.tags() != null) {
      new TreeMap<>(request.tags())
          .forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
    }
    return errors.call(
        () ->
            cfn()
                .createChangeSet(
                    r -> {
                      r.stackName(request.stackName())
                          .changeSetName(request.changeSetName())
                          .changeSetType(ChangeSetType.fromValue(request.type().name()))
                          .parameters(parameters)
                          .capabilitiesWithStrings(new TreeSet<>(request.capabilities()))
                          .description(request.description());
                      if (request.tags() != null) {
                        r.tags(tags);
                      }
                      if (request.includeNestedStacks()) {
                        r.includeNestedStacks(true);
                      }
                      if (!request.resourcesToImport().isEmpty()) {
                        r.resourcesToImport(StackMapping.resourcesToImport(request));
                      }
                      if (request.templateBody() != null) {
                        r.templateBody(request.templateBody());
                      } else if (request.templateUrl() != null) {
                        r.templateURL(request.templateUrl());
                      } else {
                        r.usePreviousTemplate(true);
                      }
                    })
                .id());
  }

  @Override
  public ChangeSet describeChangeSet(String stackName, String changeSetName) {
    List<DescribeChangeSetResponse> pages =
        errors.call(
            () ->
                cfn()
                    .describeChangeSetPaginator(
                        r -> r.stackName(stackName).changeSetName(changeSetName))
                    .stream()
                    .toList());
    return StackMapping.changeSet(pages);
  }

  @Override
  public void executeChangeSet(String stackName, String changeSetName) {
    errors.run(
        () -> cfn().executeChangeSet(r -> r.stackName(stackName).changeSetName(changeSetName)));
  }

  @Override
  public void deleteChangeSet(String stackName, String changeSetName) {
    errors.run(
        () -> cfn().deleteChangeSet(r -> r.stackName(stackName).changeSetName(changeSetName)));
  }

  @Override
  public List<StackEvent> describeStackEvents(String stackName, int max) {
    // The paginator fetches lazily: limit() stops asking for pages once max events are in.
    var events =
        errors.call(
            () ->
                cfn()
                    .describeStackEventsPaginator(r -> r.stackName(stackName))
                    .stackEvents()
                    .stream()
                    .limit(max)
                    .toList());
    return events.stream().map(StackMapping::event).toList();
  }

  @Override
  public List<StackResource> listStackResources(String stackName) {
    var resources =
        errors.call(
            () ->
                cfn()
                    .listStackResourcesPaginator(r -> r.stackName(stackName))
                    .stackResourceSummaries()
                    .stream()
                    .toList());
    return resources.stream().map(StackMapping::resource).toList();
  }

  @Override
  public void setStackPolicy(String stackName, String policyBody) {
    errors.run(() -> cfn().setStackPolicy(r -> r.stackName(stackName).stackPolicyBody(policyBody)));
  }

  @Override
  public Optional<String> getStackPolicy(String stackName) {
    return Optional.ofNullable(
        errors.call(() -> cfn().getStackPolicy(r -> r.stackName(stackName)).stackPolicyBody()));
  }

  @Override
  public void setTerminationProtection(String stackName, boolean enabled) {
    errors.run(
        () ->
            cfn()
                .updateTerminationProtection(
                    r -> r.stackName(stackName).enableTerminationProtection(enabled)));
  }

  @Override
  public void deleteStack(String stackName) {
    errors.run(() -> cfn().deleteStack(r -> r.stackName(stackName)));
  }

  @Override
  public void continueUpdateRollback(String stackName, List<String> resourcesToSkip) {
    errors.run(
        () ->
            cfn()
                .continueUpdateRollback(
                    r -> r.stackName(stackName).resourcesToSkip(resourcesToSkip)));
  }
}
