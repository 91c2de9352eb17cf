package dev.statefulcluster.cloud.aws;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/** {@link StackApi} on CloudFormation: one SDK call (or paginator) per method. */
final class AwsStackApi implements StackApi {

  private final Supplier<CloudFormationClient> client;
  private final AwsErrors errors;

  AwsStackApi(Supplier<CloudFormationClient> client, AwsErrors errors) {
    this.client = client;
    this.errors = errors;
  }

  @Override
  public Optional<dev.statefulcluster.cloud.Stack> describeStack(String stackName) {
    try {
      return client.get().describeStacks(r -> r.stackName(stackName)).stacks().stream()
          .findFirst()
          .map(StackMapping::stack);
    } catch (AwsServiceException e) {
      // CloudFormation has no NotFound code: "Stack with id X does not exist" is a ValidationError.
      if (e.awsErrorDetails() != null
          && "ValidationError".equals(e.awsErrorDetails().errorCode())
          && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
        return Optional.empty();
      }
      throw errors.convert(e);
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw errors.convert(e);
    }
  }

  @Override
  public String getTemplate(String stackName) {
    return errors.call(
        () ->
            client
                .get()
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
    List<Tag> tags = new ArrayList<>();
    new TreeMap<>(request.tags())
        .forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
    return errors.call(
        () ->
            client
                .get()
                .createChangeSet(
                    r -> {
                      r.stackName(request.stackName())
                          .changeSetName(request.changeSetName())
                          .changeSetType(ChangeSetType.fromValue(request.type().name()))
                          .parameters(parameters)
                          .capabilitiesWithStrings(new TreeSet<>(request.capabilities()))
                          .tags(tags)
                          .description(request.description());
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
    return errors.call(
        () -> {
          DescribeChangeSetResponse first = null;
          List<software.amazon.awssdk.services.cloudformation.model.Change> changes =
              new ArrayList<>();
          for (var page :
              client
                  .get()
                  .describeChangeSetPaginator(
                      r -> r.stackName(stackName).changeSetName(changeSetName))) {
            if (first == null) {
              first = page;
            }
            changes.addAll(page.changes());
          }
          return StackMapping.changeSet(first, changes);
        });
  }

  @Override
  public void executeChangeSet(String stackName, String changeSetName) {
    errors.run(
        () ->
            client
                .get()
                .executeChangeSet(r -> r.stackName(stackName).changeSetName(changeSetName)));
  }

  @Override
  public void deleteChangeSet(String stackName, String changeSetName) {
    errors.run(
        () ->
            client.get().deleteChangeSet(r -> r.stackName(stackName).changeSetName(changeSetName)));
  }

  @Override
  public List<StackEvent> describeStackEvents(String stackName, int max) {
    // The paginator fetches lazily, so limit() stops asking for pages once max events are in.
    return errors.call(
        () ->
            client
                .get()
                .describeStackEventsPaginator(r -> r.stackName(stackName))
                .stackEvents()
                .stream()
                .limit(max)
                .map(StackMapping::event)
                .toList());
  }

  @Override
  public List<StackResource> listStackResources(String stackName) {
    return errors.call(
        () ->
            client
                .get()
                .listStackResourcesPaginator(r -> r.stackName(stackName))
                .stackResourceSummaries()
                .stream()
                .map(StackMapping::resource)
                .toList());
  }

  @Override
  public void setStackPolicy(String stackName, String policyBody) {
    errors.run(
        () -> client.get().setStackPolicy(r -> r.stackName(stackName).stackPolicyBody(policyBody)));
  }

  @Override
  public Optional<String> getStackPolicy(String stackName) {
    return errors.call(
        () ->
            Optional.ofNullable(
                client.get().getStackPolicy(r -> r.stackName(stackName)).stackPolicyBody()));
  }

  @Override
  public void setTerminationProtection(String stackName, boolean enabled) {
    errors.run(
        () ->
            client
                .get()
                .updateTerminationProtection(
                    r -> r.stackName(stackName).enableTerminationProtection(enabled)));
  }

  @Override
  public void deleteStack(String stackName) {
    errors.run(() -> client.get().deleteStack(r -> r.stackName(stackName)));
  }

  @Override
  public void continueUpdateRollback(String stackName, List<String> resourcesToSkip) {
    errors.run(
        () ->
            client
                .get()
                .continueUpdateRollback(
                    r -> r.stackName(stackName).resourcesToSkip(resourcesToSkip)));
  }
}
