package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.cluster.DeployedCluster;
import dev.statefulcluster.ops.cluster.Preflight;
import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.ops.roll.Batch;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import dev.statefulcluster.ops.stack.ChangeSetTable;
import dev.statefulcluster.ops.stack.StackSettler;
import dev.statefulcluster.ops.stack.StackUpdate;
import dev.statefulcluster.ops.stack.StackWatcher;
import dev.statefulcluster.ops.stack.TemplateDelivery;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.ops.stack.Verdict;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.LayoutSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.spec.SpecError;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NestedSynthesis;
import dev.statefulcluster.synth.NodeSettings;
import dev.statefulcluster.synth.StackPolicy;
import dev.statefulcluster.synth.Synthesis;
import dev.statefulcluster.template.TemplateWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * deploy and plan: a cluster file becomes a stack, or a stack takes a file's changes, always
 * through a change set that is printed and judged first.
 */
public final class Deployer {
  /**
   * {@code s3Bucket}: where a template over 51,200 bytes goes; {@code fromSnapshots}: a set; {@code
   * check} (null: signals only), {@code checkTimeout} and {@code byZone}: how instance changes are
   * rolled, as roll takes them.
   */
  public record Options(
      String s3Bucket,
      String fromSnapshots,
      HealthCheck check,
      Duration checkTimeout,
      boolean byZone) {
    public static final Options NONE = new Options(null, null);

    public Options(String s3Bucket, String fromSnapshots) {
      this(s3Bucket, fromSnapshots, null, Duration.ofMinutes(10), false);
    }

    public Options rolling(HealthCheck check, Duration checkTimeout, boolean byZone) {
      return new Options(s3Bucket, fromSnapshots, check, checkTimeout, byZone);
    }
  }

  public enum Outcome {
    CREATED,
    UPDATED,
    NO_CHANGES,
    PLANNED
  }

  private final Cloud cloud;
  private final Polling polling;
  private final Progress progress;
  private final StackWatcher watcher;
  private final StackUpdate updates;

  public Deployer(Cloud cloud, Polling polling, Progress progress) {
    this.cloud = cloud;
    this.polling = polling;
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
    Optional<Stack> existing =
        execute
            ? new StackSettler(cloud, watcher, progress).settle(spec.name())
            : current(spec.name());
    boolean create = existing.isEmpty();
    DeployedCluster cluster = create ? null : DeployedCluster.read(cloud, existing.get());
    if (!create) {
      spec = keepLayout(spec, cluster);
    }
    NodeSettings target = NodeSettings.of(spec);
    // The in-place update keeps every deployed instance on the settings it was launched with:
    // what changes an instance is rolled afterwards, node by node or zone by zone.
    Map<Integer, NodeSettings> kept = new TreeMap<>();
    for (int n = 1; !create && n <= Math.min(cluster.nodeCount(), spec.nodes().size()); n++) {
      if (cluster.hasInstanceResource(n)) {
        kept.put(n, cluster.settings(n, target));
      }
    }
    Map<Integer, List<String>> instanceChanges = new TreeMap<>();
    kept.forEach(
        (n, settings) -> {
          if (!settings.equals(target)) {
            instanceChanges.put(n, settings.differences(target));
          }
        });
    // A roll left part-way (killed, or stopped by a failure) has a node or zone away: the roll
    // after the in-place update brings it back, whatever else changed.
    boolean rolling = !instanceChanges.isEmpty() || !create && !cluster.away().isEmpty();
    boolean nested = create ? NestedSynthesis.needed(spec) : cluster.nested();
    if (nested) {
      Outcome outcome =
          new NestedDeploy(cloud, progress, updates)
              .run(spec, options, cluster, kept, rolling, execute);
      if (!rolling) {
        return outcome;
      }
      boolean rolled = roll(spec, options, instanceChanges, execute);
      return switch (outcome) {
        case NO_CHANGES ->
            rolled ? Outcome.UPDATED : execute ? Outcome.NO_CHANGES : Outcome.PLANNED;
        default -> outcome;
      };
    }
    TemplateDocument deployed = create ? null : cluster.template();
    if (!create) {
      spec = withDeployedSnapshots(spec, existing.get(), deployed);
    }
    // Instances launched from the previous template shape keep their user data: it runs the same
    // config set, and changing it would stop and start each of them at once.
    Map<Integer, Object> launched = create ? Map.of() : cluster.previousUserData();
    Synthesis synthesis = Synthesis.of(spec, n -> kept.getOrDefault(n, target), launched);
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
            .withStackPolicy(policy())
            // The file's tags go on the stack; CloudFormation puts them on every resource.
            .withStackTags(spec.tags());
    StackUpdate.Request creating =
        create ? update.creating(synthesis.template().resources().size()) : update;
    String stackName = spec.name();
    StackUpdate.Result result =
        updates.run(
            execute ? creating : creating.previewOnly(),
            "CloudFormation rejected the change set: ",
            cs -> {
              progress.line(
                  "%s: %s, %d changes%s:",
                  stackName,
                  create ? "new stack" : "update",
                  cs.changes().size(),
                  create ? "" : " in place, interrupting no instance");
              ChangeSetTable.print(cs, progress);
              Verdict verdict = create ? Verdict.of(cs) : Verdict.inPlace(cs);
              ChangeSetTable.print(verdict, progress);
              return verdict;
            });
    switch (result.ending()) {
      case NO_CHANGES:
        if (execute) {
          cloud.stacks().setStackPolicy(spec.name(), policy());
        }
        if (!rolling) {
          progress.line("%s: no changes: the stack already matches the file", spec.name());
          return Outcome.NO_CHANGES;
        }
        progress.line("%s: no changes in place", spec.name());
        return roll(spec, options, instanceChanges, execute)
            ? Outcome.UPDATED
            : execute ? Outcome.NO_CHANGES : Outcome.PLANNED;
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
        if (rolling && result.ending() == StackUpdate.Ending.PREVIEWED) {
          roll(spec, options, instanceChanges, false);
        }
        return Outcome.PLANNED;
      default:
        Outcome outcome = ran(spec, result, create);
        if (rolling) {
          roll(spec, options, instanceChanges, true);
        }
        return outcome;
    }
  }

  /**
   * The instance changes, after the in-place ones: each node's instance re-created with the file's
   * settings by the roll (dry run: its plan printed). Returns whether an update ran; a node that
   * failed is back on its previous settings and the deploy fails with the roll's report.
   */
  private boolean roll(
      ClusterSpec spec, Options options, Map<Integer, List<String>> changes, boolean execute)
      throws InterruptedException {
    if (!changes.isEmpty()) {
      progress.line(
          "%s: instance changes, rolled (a new instance for each node%s):",
          spec.name(), options.byZone() ? ", a zone at a time" : "");
    }
    Map<List<String>, List<Integer>> alike = new LinkedHashMap<>();
    changes.forEach((n, what) -> alike.computeIfAbsent(what, w -> new ArrayList<>()).add(n));
    alike.forEach(
        (what, nodes) ->
            progress.line(
                "  %s: %s",
                String.join(", ", nodes.stream().map(ClusterLayout::nodeName).toList()),
                String.join("; ", what)));
    RollOptions rolling =
        RollOptions.toFile(spec)
            .by(options.byZone() ? Batch.zone() : Batch.node())
            .gatedOn(options.check(), options.checkTimeout())
            .dryRun(!execute)
            .through(options.s3Bucket());
    Roller.Report report = new Roller(cloud, polling, progress).roll(spec.name(), rolling);
    if (report.failed()) {
      throw OpsException.failed(report.failure());
    }
    return !report.steps().isEmpty();
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

  /**
   * The file as the deployed cluster is laid out: its stacks say single or nested and the group
   * size, which no file changes; a file that names another layout is refused.
   */
  static ClusterSpec keepLayout(ClusterSpec spec, DeployedCluster cluster) {
    LayoutSpec asked = spec.layout();
    if (!cluster.nested()) {
      if (asked.nested()) {
        throw OpsException.refused(
            spec.name()
                + " was created in one stack; the file's layout.nested asks for nested stacks,"
                + " which a deployed cluster does not change: remove layout.nested, or create a"
                + " new cluster");
      }
      return spec;
    }
    int deployed = cluster.layout().groupSize();
    if (asked.givenGroupSize() != null && asked.givenGroupSize() != deployed) {
      throw OpsException.refused(
          spec.name()
              + " was created over nested stacks in groups of "
              + deployed
              + " nodes; the file's layout.groupSize says "
              + asked.givenGroupSize()
              + ", and a node never moves between stacks: write groupSize: "
              + deployed
              + " or leave it out");
    }
    return spec.withLayout(new LayoutSpec(true, deployed));
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

  /**
   * The file with each existing volume's snapshot where the file names none: a cluster restored
   * with --from-snapshots (or whose file no longer lists them) is deployed again with the file
   * alone, and its volumes keep the SnapshotId they were created with (leaving it out would replace
   * them). A file that names another snapshot is left as it is, for UpdateGuard to refuse.
   */
  private static ClusterSpec withDeployedSnapshots(
      ClusterSpec spec, Stack stack, TemplateDocument deployed) {
    List<NodeSpec> nodes = new ArrayList<>();
    for (NodeSpec n : spec.nodes()) {
      String was =
          n.number() <= deployed.nodeCount()
              ? ClusterStack.snapshot(stack.parameters(), deployed, n.number())
              : "";
      nodes.add(n.snapshot() == null && !was.isEmpty() ? n.withSnapshot(was) : n);
    }
    return spec.withNodes(nodes);
  }

  private List<Parameter> initialParameters(ClusterSpec spec) {
    List<Parameter> out = new ArrayList<>();
    out.add(ClusterStack.setNodeDown(0));
    for (NodeSpec n : spec.nodes()) {
      out.add(ClusterStack.setImage(n.number(), n.ami()));
    }
    return out;
  }

  /**
   * Existing nodes keep the AMI they run (an AMI changes only through roll); new nodes get the
   * file's. The snapshot a volume came from is in the template (a stack deployed with a parameter
   * for it gets the same value written there, which UpdateGuard checked).
   */
  private List<Parameter> updateParameters(
      ClusterSpec spec, Synthesis synthesis, Stack stack, TemplateDocument deployed) {
    Map<String, String> current = stack.parameters();
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
    for (NodeSpec n : spec.nodes()) {
      String running = ClusterStack.image(current, n.number());
      if (n.number() <= deployedNodes) {
        out.add(ClusterStack.keepImage(n.number()));
        if (!n.ami().equals(running)) {
          progress.line(
              "note: %s runs %s; the file says %s. deploy keeps running AMIs: change"
                  + " them with 'stateful-cluster roll %s --ami %s'",
              n.name(), running, n.ami(), spec.name(), n.ami());
        }
      } else {
        out.add(ClusterStack.setImage(n.number(), n.ami()));
      }
    }
    return out;
  }

  static String policy() {
    return TemplateWriter.write(StackPolicy.document(), TemplateWriter.Format.COMPACT_JSON);
  }
}
