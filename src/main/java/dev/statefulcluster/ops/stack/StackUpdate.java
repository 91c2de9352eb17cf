package dev.statefulcluster.ops.stack;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one way operations change a stack: a change set is created (the template delivered inline or
 * through S3) and waited for within a deadline, judged, discarded unless it is to run, run, and
 * watched to its end. deploy, plan, roll and grow differ only in the request and the judge.
 */
public final class StackUpdate {
  /** Every template the tool writes creates IAM resources (the nodes' role). */
  private static final Set<String> CAPABILITIES = Set.of("CAPABILITY_IAM");

  /**
   * One update. {@code purpose} names the change set; {@code stackPolicy}, when not null, is set
   * just before an update of an existing stack runs; {@code expectedResources} is how many
   * resources the progress counts to (0: as many as the change set changes); {@code execute} false
   * only previews; {@code stackTags} null keeps the stack's tags as they are (grow, roll), else
   * they become the stack's tags, which CloudFormation propagates to the resources it manages
   * (deploy).
   */
  public record Request(
      String stackName,
      ChangeSetType type,
      String purpose,
      String description,
      TemplateDelivery template,
      List<Parameter> parameters,
      String stackPolicy,
      int expectedResources,
      boolean execute,
      boolean includeNestedStacks,
      Map<String, String> stackTags) {

    public Request {
      parameters = List.copyOf(parameters);
      stackTags = stackTags == null ? null : Map.copyOf(stackTags);
    }

    /** An update of an existing stack, run once its change set is judged safe. */
    public static Request update(
        String stackName,
        String purpose,
        String description,
        TemplateDelivery template,
        List<Parameter> parameters) {
      return new Request(
          stackName,
          ChangeSetType.UPDATE,
          purpose,
          description,
          template,
          parameters,
          null,
          0,
          true,
          false,
          null);
    }

    /** The stack is created by the change set (it is in review until it runs). */
    public Request creating(int resources) {
      return new Request(
          stackName,
          ChangeSetType.CREATE,
          purpose,
          description,
          template,
          parameters,
          stackPolicy,
          resources,
          execute,
          includeNestedStacks,
          stackTags);
    }

    public Request withStackPolicy(String policy) {
      return new Request(
          stackName,
          type,
          purpose,
          description,
          template,
          parameters,
          policy,
          expectedResources,
          execute,
          includeNestedStacks,
          stackTags);
    }

    public Request previewOnly() {
      return new Request(
          stackName,
          type,
          purpose,
          description,
          template,
          parameters,
          stackPolicy,
          expectedResources,
          false,
          includeNestedStacks,
          stackTags);
    }

    /**
     * An update of a stack with nested stacks: its change set includes theirs (CreateChangeSet's
     * IncludeNestedStacks), so the judge sees every child's changes.
     */
    public Request withNestedStacks() {
      return new Request(
          stackName,
          type,
          purpose,
          description,
          template,
          parameters,
          stackPolicy,
          expectedResources,
          execute,
          true,
          stackTags);
    }

    /**
     * Sets the stack's tags: the file's {@code tags}, carried to every resource by CloudFormation.
     */
    public Request withStackTags(Map<String, String> tags) {
      return new Request(
          stackName,
          type,
          purpose,
          description,
          template,
          parameters,
          stackPolicy,
          expectedResources,
          execute,
          includeNestedStacks,
          tags);
    }

    public boolean creates() {
      return type == ChangeSetType.CREATE;
    }
  }

  /** Looks at what CloudFormation worked out and says whether it may run. */
  public interface Judge {
    Verdict judge(ChangeSet changeSet);
  }

  public enum Ending {
    /** CloudFormation found nothing to change; the change set was discarded. */
    NO_CHANGES,
    /** The judge refused it; discarded, nothing changed. */
    REFUSED,
    /** Judged and discarded: a preview. */
    PREVIEWED,
    /** Run and watched until nothing was in progress any more. */
    RAN
  }

  /** How an update ended; {@code verdict} null for no changes, {@code outcome} only once run. */
  public record Result(
      Ending ending, ChangeSet changeSet, Verdict verdict, StackWatcher.Outcome outcome) {
    /** The stack's status once the update ended; a stack gone counts as DELETE_COMPLETE. */
    public StackStatus status() {
      return outcome.stack().map(Stack::status).orElse(StackStatus.DELETE_COMPLETE);
    }

    public boolean succeeded() {
      return status().succeeded();
    }
  }

  private final Cloud cloud;
  private final Progress progress;
  private final StackWatcher watcher;
  private final ChangeSets changeSets;

  public StackUpdate(Cloud cloud, Polling polling, Progress progress, StackWatcher watcher) {
    this.cloud = cloud;
    this.progress = progress;
    this.watcher = watcher;
    this.changeSets = new ChangeSets(cloud, polling);
  }

  /**
   * Runs the update. A change set CloudFormation rejected throws {@code rejected} followed by its
   * reason; one that is not to run is discarded before this returns or throws.
   */
  public Result run(Request request, String rejected, Judge judge) throws InterruptedException {
    String changeSetName = changeSets.newName(request.purpose());
    ChangeSetRequest.Builder builder =
        ChangeSetRequest.builder(request.stackName(), changeSetName)
            .type(request.type())
            .parameters(request.parameters())
            .capabilities(CAPABILITIES)
            .description(request.description())
            .tags(request.stackTags())
            .includeNestedStacks(request.includeNestedStacks() && !request.creates());
    TemplateDelivery.deliver(request.template(), cloud, progress, request.stackName(), builder);
    ChangeSet cs = changeSets.createAndDescribe(builder.build());
    boolean runs = false;
    Verdict verdict;
    try {
      if (cs.empty()) {
        return new Result(Ending.NO_CHANGES, cs, null, null);
      }
      if (cs.failed()) {
        throw OpsException.failed(rejected + cs.statusReason());
      }
      verdict = judge.judge(cs);
      if (verdict.refused()) {
        return new Result(Ending.REFUSED, cs, verdict, null);
      }
      if (!request.execute()) {
        return new Result(Ending.PREVIEWED, cs, verdict, null);
      }
      runs = true;
    } finally {
      if (!runs) {
        changeSets.discard(request.stackName(), changeSetName);
      }
    }
    // A new stack has no events of its own yet: all of them are this update's.
    String mark = request.creates() ? null : watcher.mark(request.stackName());
    if (request.stackPolicy() != null && !request.creates()) {
      cloud.stacks().setStackPolicy(request.stackName(), request.stackPolicy());
    }
    cloud.stacks().executeChangeSet(request.stackName(), changeSetName);
    int expected =
        request.expectedResources() > 0 ? request.expectedResources() : cs.changes().size();
    return new Result(Ending.RAN, cs, verdict, watcher.watch(request.stackName(), mark, expected));
  }
}
