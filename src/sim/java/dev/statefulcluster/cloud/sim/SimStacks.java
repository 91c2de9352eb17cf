package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.StackStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The model's CloudFormation API: every call counted and throttled by the gate, on virtual time.
 */
public final class SimStacks implements StackApi {
  /** DescribeStackEvents and ListStackResources return 100 items per page. */
  static final int PAGE = 100;

  private final ApiGate gate;
  private final StackEngine engine;
  private final ChangeSetStore changeSets;

  SimStacks(ApiGate gate, StackEngine engine, SimS3 s3) {
    this.gate = gate;
    this.engine = engine;
    this.changeSets = new ChangeSetStore(engine, s3);
  }

  @Override
  public Optional<Stack> describeStack(String stackName) {
    return gate.call("DescribeStacks", () -> engine.find(stackName).map(StackState::view));
  }

  @Override
  public String getTemplate(String stackName) {
    return gate.call(
        "GetTemplate",
        () -> {
          StackState s = engine.require(stackName);
          if (s.current != null) {
            return s.current.template().body();
          }
          List<ChangeSetState> sets = new ArrayList<>(s.changeSets.values());
          if (sets.isEmpty()) {
            throw ApiErrors.validation("Stack " + stackName + " has no template yet");
          }
          return sets.get(sets.size() - 1).target.template().body();
        });
  }

  @Override
  public String createChangeSet(ChangeSetRequest request) {
    return gate.call("CreateChangeSet", () -> changeSets.create(request));
  }

  @Override
  public ChangeSet describeChangeSet(String stackName, String changeSetName) {
    return gate.call("DescribeChangeSet", () -> changeSets.describe(stackName, changeSetName));
  }

  @Override
  public void executeChangeSet(String stackName, String changeSetName) {
    gate.run("ExecuteChangeSet", () -> changeSets.execute(stackName, changeSetName));
  }

  @Override
  public void deleteChangeSet(String stackName, String changeSetName) {
    gate.run("DeleteChangeSet", () -> changeSets.delete(stackName, changeSetName));
  }

  @Override
  public List<StackEvent> describeStackEvents(String stackName, int max) {
    List<StackEvent> events =
        gate.call(
            "DescribeStackEvents",
            () -> {
              StackState s =
                  engine
                      .find(stackName)
                      .orElseThrow(
                          () -> ApiErrors.validation("Stack [" + stackName + "] does not exist"));
              List<StackEvent> newest = new ArrayList<>(s.events);
              Collections.reverse(newest);
              return List.copyOf(newest.subList(0, Math.min(Math.max(max, 0), newest.size())));
            });
    for (int page = 1; page * PAGE < events.size(); page++) {
      gate.page("DescribeStackEvents");
    }
    return events;
  }

  @Override
  public List<StackResource> listStackResources(String stackName) {
    List<StackResource> resources =
        gate.call(
            "ListStackResources",
            () ->
                engine.require(stackName).resources.values().stream()
                    .map(ResourceState::view)
                    .toList());
    for (int page = 1; page * PAGE < resources.size(); page++) {
      gate.page("ListStackResources");
    }
    return resources;
  }

  @Override
  public void setStackPolicy(String stackName, String policyBody) {
    gate.run(
        "SetStackPolicy",
        () -> {
          StackState s = live(stackName);
          s.policy = StackPolicyRules.parse(policyBody);
          s.policyBody = policyBody;
        });
  }

  @Override
  public Optional<String> getStackPolicy(String stackName) {
    return gate.call(
        "GetStackPolicy", () -> Optional.ofNullable(engine.require(stackName).policyBody));
  }

  @Override
  public void setTerminationProtection(String stackName, boolean enabled) {
    gate.run(
        "UpdateTerminationProtection",
        () -> {
          StackState s = live(stackName);
          if (s.rootId != null) {
            // "For nested stacks, termination protection is set on the root stack and can't be
            // changed directly on the nested stack" (UpdateTerminationProtection); wording ours.
            throw ApiErrors.validation(
                "Stack ["
                    + s.name
                    + "] is a nested stack: termination protection is set on its root stack ["
                    + s.rootId
                    + "]");
          }
          s.terminationProtection = enabled;
        });
  }

  @Override
  public void deleteStack(String stackName) {
    gate.run(
        "DeleteStack",
        () -> {
          StackState s = engine.find(stackName).orElse(null);
          if (s == null
              || s.status == StackStatus.DELETE_COMPLETE
              || s.status == StackStatus.DELETE_IN_PROGRESS) {
            return;
          }
          // A nested stack has its root's protection against a direct delete; an update of its
          // parent that removes it deletes it all the same ("Protect CloudFormation stacks from
          // being deleted").
          StackState root = s.rootId == null ? s : engine.find(s.rootId).orElse(s);
          if (root.terminationProtection) {
            throw ApiErrors.validation(
                "Stack [" + s.name + "] cannot be deleted while TerminationProtection is enabled");
          }
          if (s.status.inProgress() && s.status != StackStatus.REVIEW_IN_PROGRESS) {
            throw ApiErrors.validation(
                "Stack ["
                    + s.name
                    + "] is in "
                    + s.status
                    + " state; the in-memory model deletes a stack only once its"
                    + " operation has ended (it does not cancel a creation or update)");
          }
          engine.operations.delete(s);
        });
  }

  @Override
  public void continueUpdateRollback(String stackName, List<String> resourcesToSkip) {
    gate.run(
        "ContinueUpdateRollback",
        () -> {
          StackState s = live(stackName);
          if (s.status != StackStatus.UPDATE_ROLLBACK_FAILED || s.failedRollback == null) {
            throw ApiErrors.validation(
                "Stack:"
                    + s.id
                    + " is in "
                    + s.status
                    + " state and can not continue update rollback.");
          }
          engine.operations.continueRollback(
              s, resourcesToSkip == null ? List.of() : resourcesToSkip);
        });
  }

  private StackState live(String stackName) {
    StackState s = engine.require(stackName);
    if (s.status == StackStatus.DELETE_COMPLETE) {
      throw ApiErrors.stackNotFound(stackName);
    }
    return s;
  }
}
