package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.spec.SpecError;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NestedSynthesis;
import dev.statefulcluster.synth.StackPolicy;
import dev.statefulcluster.synth.Synthesis;
import dev.statefulcluster.template.TemplateWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * deploy and plan: a cluster file becomes a stack, or a stack takes a file's changes, always
 * through a change set that is printed and judged first.
 */
public final class Deployer {
  /**
   * {@code s3Bucket}: where a template over 51,200 bytes goes (null: the tool's own bucket, see
   * {@code TemplateBucket}); {@code fromSnapshots}: a set.
   */
  public record Options(String s3Bucket, String fromSnapshots) {
    public static final Options NONE = new Options(null, null);
  }

  public enum Outcome {
    CREATED,
    UPDATED,
    NO_CHANGES,
    PLANNED
  }

  private final Cloud cloud;
  private final Progress progress;
  private final StackWatcher watcher;
  private final StackUpdate updates;

  public Deployer(Cloud cloud, Polling polling, Progress progress) {
    this.cloud = cloud;
    this.progress = progress;
    this.watcher = new StackWatcher(cloud, polling, progress);
    this.updates = new StackUpdate(cloud, polling, progress, watcher);
  }

  public Outcome deploy(ClusterSpec spec, Options options) throws InterruptedException {
    return run(spec, options, true);
  }

  public Outcome plan(ClusterSpec spec, Options options) throws InterruptedException {
    return run(spec, options, false);
  }

  private Outcome run(ClusterSpec input, Options options, boolean execute)
      throws InterruptedException {
    ClusterSpec spec = SpecLookup.complete(input, cloud.ec2());
    if (options.fromSnapshots() != null) {
      spec = SnapshotSets.apply(spec, options.fromSnapshots(), cloud.ec2());
    }
    Preflight.check(spec, cloud.ec2());
    if (NestedSynthesis.needed(spec)) {
      Optional<Stack> existing =
          execute
              ? new StackSettler(cloud, watcher, progress).settle(spec.name())
              : current(spec.name());
      if (existing.isEmpty()
          || ClusterLayout.ofTemplate(new ClusterStack(cloud, spec.name()).template().root())
              .isNested()) {
        return new NestedDeploy(cloud, progress, updates).run(spec, options, existing, execute);
      }
      // A single stack that outgrew itself: refused below, with the reason and what to do.
    }
    Synthesis synthesis = Synthesis.of(spec);
    Optional<Stack> existing =
        execute
            ? new StackSettler(cloud, watcher, progress).settle(spec.name())
            : current(spec.name());
    boolean create = existing.isEmpty();
    TemplateDocument deployed = create ? null : new ClusterStack(cloud, spec.name()).template();
    if (!create) {
      Map<Integer, Object> launched = ClusterStack.previousUserData(deployed);
      if (!launched.isEmpty()) {
        // Instances launched from the previous template shape keep their user data: it runs
        // the same config set, and changing it would stop and start each of them at once.
        synthesis = Synthesis.of(spec, launched);
      }
    }
    List<Parameter> parameters =
        create
            ? initialParameters(spec)
            : updateParameters(spec, synthesis, existing.get(), deployed);
    String purpose = execute ? "deploy" : "plan";
    StackUpdate.Request update =
        StackUpdate.Request.update(
                spec.name(),
                purpose,
                "stateful-cluster " + purpose,
                TemplateDelivery.body(synthesis.compactBody(), options.s3Bucket()),
                parameters)
            .withStackPolicy(policy());
    StackUpdate.Request creating =
        create ? update.creating(synthesis.template().resources().size()) : update;
    String stackName = spec.name();
    StackUpdate.Result result =
        updates.run(
            execute ? creating : creating.previewOnly(),
            "CloudFormation rejected the change set: ",
            cs -> {
              progress.line(
                  "%s: %s, %d changes:",
                  stackName, create ? "new stack" : "update", cs.changes().size());
              ChangeSetTable.print(cs, progress);
              Verdict verdict = Verdict.of(cs);
              ChangeSetTable.print(verdict, progress);
              return verdict;
            });
    switch (result.ending()) {
      case NO_CHANGES:
        progress.line("%s: no changes: the stack already matches the file", spec.name());
        if (execute) {
          cloud.stacks().setStackPolicy(spec.name(), policy());
        }
        return Outcome.NO_CHANGES;
      case REFUSED:
      case PREVIEWED:
        if (create) {
          // CreateChangeSet made an empty stack in REVIEW_IN_PROGRESS; do not leave it behind.
          cloud.stacks().deleteStack(spec.name());
        }
        if (result.ending() == StackUpdate.Ending.REFUSED) {
          throw OpsException.refused(
              "the change set would lose data, take more than one node"
                  + " out of service, or fail; nothing was changed");
        }
        return Outcome.PLANNED;
      default:
        return ran(spec, result, create);
    }
  }

  private Outcome ran(ClusterSpec spec, StackUpdate.Result result, boolean create) {
    if (!result.succeeded()) {
      throw OpsException.failed(
          (create ? "creating " : "updating ")
              + spec.name()
              + " failed; the stack is "
              + result.status()
              + (create
                  ? " (deploy again: it" + " removes the empty stack and starts over)"
                  : " (every volume and interface is"
                      + " as before; fix the cause and deploy again)")
              + result.outcome().reasons());
    }
    if (create) {
      cloud.stacks().setStackPolicy(spec.name(), policy());
      cloud.stacks().setTerminationProtection(spec.name(), true);
    }
    return create ? Outcome.CREATED : Outcome.UPDATED;
  }

  private Optional<Stack> current(String name) {
    Optional<Stack> stack = new ClusterStack(cloud, name).describe();
    if (stack.isPresent()
        && (stack.get().status() == StackStatus.REVIEW_IN_PROGRESS
            || stack.get().status() == StackStatus.ROLLBACK_COMPLETE)) {
      return Optional.empty();
    }
    if (stack.isPresent() && !stack.get().status().updatable()) {
      throw OpsException.refused(
          name
              + " is "
              + stack.get().status()
              + "; deploy waits for or"
              + " repairs that, plan does not: run deploy, or wait");
    }
    return stack;
  }

  private List<Parameter> initialParameters(ClusterSpec spec) {
    List<Parameter> out = new ArrayList<>();
    out.add(ClusterStack.setNodeDown(0));
    for (NodeSpec n : spec.nodes()) {
      out.add(ClusterStack.setImage(n.number(), n.ami()));
      out.add(ClusterStack.setSnapshot(n.number(), n.snapshot() == null ? "" : n.snapshot()));
    }
    return out;
  }

  /**
   * Existing nodes keep the AMI they run (an AMI changes only through roll) and the snapshot their
   * volume came from; new nodes get the file's.
   */
  private List<Parameter> updateParameters(
      ClusterSpec spec, Synthesis synthesis, Stack stack, TemplateDocument deployed) {
    Map<String, String> current = stack.parameters();
    String down = ClusterStack.nodeDownValue(current);
    if (!ClusterLayout.noneDown().equals(down)) {
      throw OpsException.refused(
          spec.name()
              + " is in the middle of a roll ("
              + down
              + "'s"
              + " instance is away); finish it with 'stateful-cluster roll "
              + spec.name()
              + " --ami …' before deploying");
    }
    List<SpecError> errors =
        UpdateGuard.check(
            spec,
            deployed,
            TemplateDocument.of(synthesis.template().render()),
            current,
            VolumeSizes.live(cloud, spec.name()));
    if (!errors.isEmpty()) {
      throw new RefusedChanges(errors);
    }
    List<Parameter> out = new ArrayList<>();
    out.add(ClusterStack.keepNodeDown());
    int deployedNodes = deployed.nodeCount();
    Object runningType = ClusterStack.instanceType(deployed);
    if (runningType != null && !runningType.equals(spec.instanceType())) {
      throw new RefusedChanges(
          List.of(
              spec.source()
                  .error(
                      "instanceType",
                      runningType
                          + " -> "
                          + spec.instanceType()
                          + ": CloudFormation would stop and start every node's instance"
                          + " in this one update, all nodes at once. Keep instanceType: "
                          + runningType
                          + " (the tool does not yet change an instance type node by node)")));
    }
    for (NodeSpec n : spec.nodes()) {
      String running = ClusterStack.image(current, n.number());
      if (n.number() <= deployedNodes) {
        out.add(ClusterStack.keepImage(n.number()));
        out.add(ClusterStack.keepSnapshot(n.number()));
        if (!n.ami().equals(running)) {
          progress.line(
              "note: %s runs %s; the file says %s. deploy keeps running AMIs: change"
                  + " them with 'stateful-cluster roll %s --ami %s'",
              n.name(), running, n.ami(), spec.name(), n.ami());
        }
      } else {
        out.add(ClusterStack.setImage(n.number(), n.ami()));
        out.add(ClusterStack.setSnapshot(n.number(), n.snapshot() == null ? "" : n.snapshot()));
      }
    }
    return out;
  }

  static String policy() {
    return TemplateWriter.write(StackPolicy.document(), TemplateWriter.Format.COMPACT_JSON);
  }
}
