package dev.statefulcluster.ops.roll;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.cluster.Preflight;
import dev.statefulcluster.ops.cluster.StackNodes;
import dev.statefulcluster.ops.core.Elapsed;
import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.ops.stack.ChangeSetTable;
import dev.statefulcluster.ops.stack.StackSettler;
import dev.statefulcluster.ops.stack.StackUpdate;
import dev.statefulcluster.ops.stack.StackWatcher;
import dev.statefulcluster.ops.stack.TemplateDelivery;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.ops.stack.Verdict;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NodeSettings;
import dev.statefulcluster.synth.Synthesis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The one engine that re-creates instances, for roll, replace and deploy: each node (or, with
 * {@link Options#byZones}, each zone) is taken away and created again with a new AMI, on the AMI it
 * runs, or with a cluster file's instance settings ({@link Target}), one at a time (see {@link
 * RollPlan}), never touching a network interface or a volume. Everything it needs to know is in the
 * stack (NodeDown, the image parameters, each instance's settings marker), so running it again
 * after any interruption carries on from where the stack is.
 */
public final class Roller {
  /**
   * {@code ami}: the new AMI, or null to re-create each selected node's instance on the AMI it runs
   * (fresh hosts, a lost instance replaced); {@code nodes}: node numbers, empty for all; {@code
   * check}: null for signals only.
   */
  public record Options(
      String ami,
      List<Integer> nodes,
      HealthCheck check,
      Duration checkTimeout,
      boolean dryRun,
      boolean byZone,
      Target target,
      String s3Bucket) {

    public Options(
        String ami, List<Integer> nodes, HealthCheck check, Duration checkTimeout, boolean dryRun) {
      this(ami, nodes, check, checkTimeout, dryRun, false, null, null);
    }

    public Options(
        String ami,
        List<Integer> nodes,
        HealthCheck check,
        Duration checkTimeout,
        boolean dryRun,
        boolean byZone,
        Target target) {
      this(ami, nodes, check, checkTimeout, dryRun, byZone, target, null);
    }

    /** The same, every node of one availability zone away at once. */
    public Options byZones() {
      return new Options(ami, nodes, check, checkTimeout, dryRun, true, target, s3Bucket);
    }

    /** The same, templates sent through the user's bucket ({@code --s3-bucket}). */
    public Options withS3Bucket(String bucket) {
      return new Options(ami, nodes, check, checkTimeout, dryRun, byZone, target, bucket);
    }

    /** The bucket the user named for templates (roll's or deploy's --s3-bucket), else null. */
    public String bucket() {
      return s3Bucket != null ? s3Bucket : target != null ? target.s3Bucket() : null;
    }

    /** Each node re-created on its own AMI and settings. */
    public boolean recreate() {
      return ami == null && target == null;
    }

    /** What a plan says the roll does to {@code name}. */
    public String heading(String name) {
      return target != null
          ? "roll " + name + "'s instances to the file's settings"
          : recreate()
              ? "re-create " + name + "'s instances, each on the AMI it runs"
              : "roll " + name + " to " + ami;
    }

    /** What gates each node, for the plan's heading. */
    public String gates() {
      return check == null
          ? " (each node gated on its signal)"
          : " (each node gated on its signal and on " + check.describe() + ")";
    }

    /** What the nodes come up on, for messages. */
    public String describeTarget() {
      return target != null ? "the file's instance settings" : ami == null ? "the AMI it ran" : ami;
    }
  }

  /**
   * What deploy rolls nodes to: the instance settings of a (completed) cluster file. Each update's
   * template is the file's, with the nodes not yet rolled kept on the settings they were launched
   * with; {@code s3Bucket} carries templates too large to send inline.
   */
  public record Target(ClusterSpec spec, String s3Bucket) {}

  /** One update as it went. */
  public record StepResult(int index, RollPlan.Step step, Duration took) {}

  public record Report(
      String ami,
      List<StepResult> steps,
      Map<Integer, Duration> downtime,
      Duration elapsed,
      int failedNode,
      String failure) {
    public boolean failed() {
      return failedNode > 0 || failure != null;
    }
  }

  private final Cloud cloud;
  private final Polling polling;
  private final Progress progress;
  private final StackWatcher watcher;
  private final StackUpdate updates;

  public Roller(Cloud cloud, Polling polling, Progress progress) {
    this.cloud = cloud;
    this.polling = polling;
    this.progress = progress;
    this.watcher = new StackWatcher(cloud, polling, progress);
    this.updates = new StackUpdate(cloud, polling, progress, watcher);
  }

  public Report roll(String name, Options options) throws InterruptedException {
    Instant start = cloud.ticker().now();
    Stack stack =
        options.dryRun()
            ? new ClusterStack(cloud, name).describeOrNotFound()
            : new StackSettler(cloud, watcher, progress)
                .settle(name)
                .orElseThrow(() -> OpsException.notFound(name));
    TemplateDocument deployed = new ClusterStack(cloud, name).template();
    if (NestedRoll.isNested(deployed)) {
      return new NestedRoll(cloud, polling, progress, updates).roll(name, options, stack, start);
    }
    Run run = new Run(name, options, stack, deployed);
    checkAmis(
        cloud,
        run.template,
        run.selected.stream().map(run::upImage).distinct().toList(),
        run.targetSettings != null ? run.targetSettings.instanceType() : null,
        options.ami() == null ? "" : "--ami: ");
    List<StepResult> done = new ArrayList<>();
    Downtime downtime = new Downtime();
    NodeHealth health =
        options.check() == null
            ? null
            : new NodeHealth(cloud, polling, progress, options.check(), options.checkTimeout());

    RollPlan.Group away = run.awayGroup(stack.parameters());
    if (away != null
        && !options.recreate()
        && stack.status() == StackStatus.UPDATE_ROLLBACK_COMPLETE
        && away.nodes().stream().anyMatch(run::needs)) {
      // The last update tried to bring these nodes up on their new AMI or settings and was rolled
      // back: they come back as they were, and the roll stops there.
      return recover(run, away, stack.parameters(), start, done, downtime, lastFailure(name, away));
    }
    List<Integer> todo = new ArrayList<>();
    for (int n : run.selected) {
      if ((away == null || !away.nodes().contains(n)) && run.needs(n)) {
        todo.add(n);
      }
    }
    RollPlan plan =
        RollPlan.of(
            away,
            away == null ? null : run.upOn(away),
            run.groups(todo),
            run::upOn,
            health == null);
    describePlan(name, plan, options);
    if (options.dryRun()) {
      return new Report(options.ami(), done, downtime.total(), Duration.ZERO, 0, null);
    }
    if (plan.steps().isEmpty()) {
      if (health != null) {
        // Up on the AMI is not done: a node an earlier run left failing its check still is.
        List<Integer> up = run.selected;
        health.await(up, addresses(stack), "the roll is not done until it passes");
        health.passed(up);
      }
      return new Report(options.ami(), done, downtime.total(), Duration.ZERO, 0, null);
    }
    StackNodes ids = StackNodes.of(cloud.stacks().listStackResources(name));
    NodeRelease release = new NodeRelease(cloud, polling, progress);
    List<Integer> awayNow = away == null ? List.of() : away.nodes();
    for (int i = 0; i < plan.steps().size(); i++) {
      RollPlan.Step step = plan.steps().get(i);
      progress.line(
          "[%d/%d] %s (elapsed %s%s)",
          i + 1,
          plan.steps().size(),
          step.describe(),
          Elapsed.format(Duration.between(start, cloud.ticker().now())),
          estimate(done, plan.steps().size() - i));
      Instant stepStart = cloud.ticker().now();
      if (health != null && step.down() != null) {
        gate(name, step.down(), run.nodes, awayNow, health);
      }
      for (int n : step.upNodes()) {
        release.await(name, n, ids.enis().get(n), ids.volumes().get(n));
      }
      StackWatcher.Outcome outcome;
      try {
        outcome =
            apply(
                run,
                step,
                run.upImages(step.upNodes()),
                run.stepSettings(step.upNodes()),
                run.stepLaunched(step.upNodes()));
      } catch (OpsException | CloudException e) {
        return stopped(run, step, e, start, done, downtime);
      }
      downtime.record(outcome.events());
      StackStatus status = outcome.stack().map(Stack::status).orElse(StackStatus.DELETE_COMPLETE);
      if (!status.succeeded()) {
        if (step.up() == null) {
          throw OpsException.failed(
              "taking "
                  + step.down().describe()
                  + " away failed;"
                  + " the stack is "
                  + status
                  + outcome.reasons()
                  + "\nno node is away");
        }
        Map<String, String> now =
            new ClusterStack(cloud, name).describe().orElseThrow().parameters();
        return recover(run, step.up(), now, start, done, downtime, outcome.reasons());
      }
      run.rolled(step.upNodes());
      awayNow = step.downNodes();
      done.add(new StepResult(i + 1, step, Duration.between(stepStart, cloud.ticker().now())));
      if (step.up() != null && health != null) {
        health.await(
            step.upNodes(),
            addresses(name),
            "it is up on "
                + step.upOn()
                + " and the roll stopped before taking another node away. Running the same"
                + " command again checks it first and goes on once it passes"
                + (run.target == null
                    ? "; or roll it back to its previous AMI with --nodes "
                        + String.join(",", step.upNodes().stream().map(String::valueOf).toList())
                    : ""));
        health.passed(step.upNodes());
      }
    }
    Duration elapsed = Duration.between(start, cloud.ticker().now());
    progress.line(
        "rolled %s to %s in %d updates, %s",
        name,
        run.target != null
            ? run.targetSettings.describe()
            : options.recreate() ? "their own AMIs" : options.ami(),
        done.size(),
        Elapsed.format(elapsed));
    return new Report(options.ami(), done, downtime.total(), elapsed, 0, null);
  }

  /**
   * One roll's view of the cluster: which nodes it rolls, what each comes up on, and (when it rolls
   * to a file's settings) the settings each node's instance was launched with, as the stack says
   * and as the roll moves them.
   */
  private final class Run {
    final String name;
    final Options options;
    final Target target;
    final NodeSettings targetSettings;
    final TemplateDocument template;
    final Map<String, String> params;
    final int nodes;
    final List<Integer> selected;
    final Map<Integer, String> zones = new TreeMap<>();
    final Map<Integer, NodeSettings> current = new TreeMap<>();

    /** The nodes still running with the previous template shape's user data, and that data. */
    final Map<Integer, Object> launched = new TreeMap<>();

    public Run(String name, Options options, Stack stack, TemplateDocument template) {
      this.name = name;
      this.options = options;
      this.target = options.target();
      this.targetSettings = target == null ? null : NodeSettings.of(target.spec());
      this.template = template;
      this.params = stack.parameters();
      this.nodes = countNodes(params);
      this.selected = select(options.nodes(), nodes);
      for (int n = 1; n <= nodes; n++) {
        zones.put(n, ClusterStack.zone(template, n));
        if (targetSettings != null) {
          current.put(n, ClusterStack.settings(template, n, targetSettings));
        }
      }
      if (target != null) {
        launched.putAll(ClusterStack.previousUserData(template));
      }
    }

    /** Whether node {@code n} is not yet on what the roll brings it to. */
    public boolean needs(int n) {
      if (target != null) {
        return !current.get(n).equals(targetSettings);
      }
      return options.recreate() || !options.ami().equals(ClusterStack.image(params, n));
    }

    /** The AMI node {@code n} comes up on: the new one when selected, else the one it runs. */
    public String upImage(int n) {
      return options.ami() != null && selected.contains(n)
          ? options.ami()
          : ClusterStack.image(params, n);
    }

    public Map<Integer, String> upImages(List<Integer> up) {
      Map<Integer, String> out = new TreeMap<>();
      up.forEach(n -> out.put(n, upImage(n)));
      return out;
    }

    /** What a node comes up with: the file's settings when selected, else what it has. */
    public NodeSettings upSettings(int n) {
      return selected.contains(n) ? targetSettings : current.get(n);
    }

    /** The settings of every node in the update that brings {@code up} up; null: the template. */
    public IntFunction<NodeSettings> stepSettings(List<Integer> up) {
      if (target == null) {
        return null;
      }
      Map<Integer, NodeSettings> each = new TreeMap<>(current);
      up.forEach(n -> each.put(n, upSettings(n)));
      return each::get;
    }

    /**
     * The user data kept in the update that brings {@code up} up: every other node's instance keeps
     * running, so it keeps what it was launched with (changing user data stops an instance).
     */
    public Map<Integer, Object> stepLaunched(List<Integer> up) {
      Map<Integer, Object> each = new TreeMap<>(launched);
      up.forEach(each::remove);
      return each;
    }

    /** The nodes of an update that succeeded are on what they came up on. */
    public void rolled(List<Integer> up) {
      if (target != null) {
        up.forEach(n -> current.put(n, upSettings(n)));
        up.forEach(launched::remove);
      }
    }

    /** What a group comes up on, for the plan and messages. */
    public String upOn(RollPlan.Group group) {
      if (target != null) {
        return group.nodes().stream().anyMatch(this::needs)
            ? targetSettings.describe()
            : "its settings";
      }
      List<String> amis = group.nodes().stream().map(this::upImage).distinct().toList();
      return amis.size() == 1 ? amis.get(0) : "their own AMIs";
    }

    /** The group the stack's NodeDown takes away, null when none. */
    public RollPlan.Group awayGroup(Map<String, String> parameters) {
      String value = ClusterStack.nodeDownValue(parameters);
      List<Integer> away = new ArrayList<>();
      zones.forEach(
          (n, zone) -> {
            if (value.equals(ClusterLayout.downValue(n))
                || value.equals(ClusterLayout.zoneDownValue(zone))) {
              away.add(n);
            }
          });
      return away.isEmpty() ? null : new RollPlan.Group(value, away);
    }

    /**
     * One group per node, or with --batch zone one per zone that has a node to roll, in the order
     * of their first node. A zone's group is every node of the zone, since NodeDown naming the zone
     * takes them all away: the ones not asked for come back as they were.
     */
    public List<RollPlan.Group> groups(List<Integer> todo) {
      if (!options.byZone()) {
        return todo.stream().map(RollPlan.Group::node).toList();
      }
      Map<String, List<Integer>> byZone = new LinkedHashMap<>();
      for (int n : todo) {
        byZone.putIfAbsent(zones.get(n), new ArrayList<>());
      }
      zones.forEach(
          (n, zone) -> {
            if (byZone.containsKey(zone)) {
              byZone.get(zone).add(n);
            }
          });
      List<RollPlan.Group> out = new ArrayList<>();
      byZone.forEach((zone, members) -> out.add(RollPlan.Group.zone(zone, members)));
      return out;
    }
  }

  /**
   * Before {@code node} is taken away, every other node that has its instance must pass the check:
   * taking a node away while another fails it would put two out of service.
   */
  private void gate(
      String name, RollPlan.Group group, int nodes, List<Integer> away, NodeHealth health)
      throws InterruptedException {
    List<Integer> others = new ArrayList<>();
    for (int n = 1; n <= nodes; n++) {
      if (!group.nodes().contains(n) && !away.contains(n)) {
        others.add(n);
      }
    }
    health.await(
        others,
        addresses(name),
        "taking "
            + group.describe()
            + " away now would"
            + " put two nodes out of service, so the roll stopped there (no node is away). Run roll"
            + " again once it passes");
  }

  private Map<Integer, String> addresses(String name) {
    return addresses(new ClusterStack(cloud, name).describe().orElseThrow());
  }

  /** What a failed step says once the nodes it took away are back on what they ran. */
  public static String cameBack(RollPlan.Group away, String upOn, Exception cause, String was) {
    return away.describe()
        + " could not come up on "
        + upOn
        + ": "
        + cause.getMessage()
        + "\n"
        + away.describe()
        + " is back on "
        + was;
  }

  private static Map<Integer, String> addresses(Stack stack) {
    return ClusterStack.addresses(stack);
  }

  /**
   * Every AMI the roll will boot must be able to boot a node before the first node is taken away:
   * on AWS a missing AMI fails only the update that creates the node again, after the node went
   * away. One template read and one look-up for all of them.
   */
  public static void checkAmis(
      Cloud cloud, TemplateDocument template, List<String> amis, String targetType, String option) {
    Object type = targetType != null ? targetType : ClusterStack.instanceType(template);
    String root = template.rootDevice(ClusterLayout.node(1).instance());
    Map<String, Ec2Api.Image> images = new TreeMap<>();
    cloud.ec2().describeImages(amis).forEach(i -> images.put(i.id(), i));
    Ec2Api.InstanceType instanceType =
        type instanceof String t ? Preflight.instanceType(t, cloud.ec2()) : null;
    List<String> problems = new ArrayList<>();
    for (String ami : amis) {
      problems.addAll(Preflight.imageProblems(ami, images.get(ami), instanceType, root));
    }
    if (!problems.isEmpty()) {
      throw OpsException.invalid(option + String.join("; ", problems) + "; nothing was changed");
    }
  }

  /**
   * A step that could not run (CloudFormation rejected its change set, the verdict refused it, an
   * AWS call failed): a node it left away is brought back on the AMI it had; when that is not
   * possible the message ends saying which node is away and the command that brings it back.
   */
  private Report stopped(
      Run run,
      RollPlan.Step step,
      RuntimeException cause,
      Instant start,
      List<StepResult> done,
      Downtime downtime)
      throws InterruptedException {
    String name = run.name;
    Stack now;
    try {
      now = new ClusterStack(cloud, name).describe().orElseThrow();
    } catch (RuntimeException unknown) {
      throw withState(
          cause,
          "the stack could not be read; run the same command again: it finds where the"
              + " stack is and carries on");
    }
    if (now.status().inProgress()) {
      throw withState(
          cause,
          "CloudFormation is still updating "
              + name
              + "; run the same command again:"
              + " it waits and carries on");
    }
    RollPlan.Group away = run.awayGroup(now.parameters());
    if (away == null) {
      throw withState(cause, "no node is away");
    }
    Map<Integer, String> previous = new TreeMap<>();
    away.nodes().forEach(n -> previous.put(n, ClusterStack.image(now.parameters(), n)));
    String was = previousOf(run, away, previous);
    String bringBack =
        run.target != null
            ? "stateful-cluster deploy with the same file"
            : "stateful-cluster roll "
                + name
                + " --nodes "
                + String.join(",", away.nodes().stream().map(String::valueOf).toList())
                + (previous.values().stream().distinct().count() == 1
                    ? " --ami " + previous.values().iterator().next()
                    : "");
    progress.line(
        "%s could not go on: %s; bringing %s back on %s",
        step.describe(), cause.getMessage(), away.describe(), was);
    try {
      StackWatcher.Outcome outcome =
          apply(
              run,
              new RollPlan.Step(away, was, null),
              previous,
              run.stepSettings(List.of()),
              run.stepLaunched(List.of()));
      downtime.record(outcome.events());
      if (outcome.stack().map(s -> s.status().succeeded()).orElse(false)) {
        return new Report(
            run.options.ami(),
            done,
            downtime.total(),
            Duration.between(start, cloud.ticker().now()),
            away.nodes().get(0),
            cameBack(away, step.upOn(), cause, was) + "; nodes not yet rolled are untouched");
      }
      throw withState(
          cause,
          away.describe()
              + " is away and bringing it back failed:"
              + outcome.reasons()
              + "\nbring it back with: "
              + bringBack);
    } catch (OpsException | CloudException again) {
      throw withState(
          cause,
          away.describe()
              + " is away (its interface and volume are"
              + " kept) and bringing it back failed too ("
              + again.getMessage()
              + "); bring it back"
              + " with: "
              + bringBack);
    }
  }

  /** What a group had before the roll reached it: its AMIs, or its instance settings. */
  private static String previousOf(Run run, RollPlan.Group group, Map<Integer, String> images) {
    if (run.target != null) {
      List<String> settings =
          group.nodes().stream().map(n -> run.current.get(n).describe()).distinct().toList();
      return settings.size() == 1 ? settings.get(0) : "their previous settings";
    }
    List<String> amis = images.values().stream().distinct().toList();
    return amis.size() == 1 ? amis.get(0) : "their previous AMIs";
  }

  /** The same failure, with a last line that says where the cluster stands. */
  /** The failure, its message followed by where the cluster stands and what to run. */
  public static RuntimeException withState(RuntimeException cause, String state) {
    if (cause instanceof CloudException c) {
      return new CloudException(c.code(), c.getMessage() + "\n" + state, c.retryable(), c);
    }
    OpsException o = (OpsException) cause;
    return new OpsException(o.kind(), o.getMessage() + "\n" + state);
  }

  /**
   * One stack update: NodeDown moved, the risen nodes' images set; the template the same, or, when
   * rolling to a file's settings, the file's with each node's instance on {@code settings}.
   */
  private StackWatcher.Outcome apply(
      Run run,
      RollPlan.Step step,
      Map<Integer, String> images,
      IntFunction<NodeSettings> settings,
      Map<Integer, Object> launched)
      throws InterruptedException {
    String name = run.name;
    Map<String, String> params =
        new ClusterStack(cloud, name).describe().orElseThrow().parameters();
    Map<String, Integer> imageParameters = new TreeMap<>();
    images.keySet().forEach(n -> imageParameters.put(ClusterLayout.node(n).imageParameter(), n));
    Synthesis synthesis =
        settings == null ? null : Synthesis.of(run.target.spec(), settings, launched);
    String body = synthesis == null ? null : synthesis.compactBody();
    // A step that sends a template sends only the parameters it declares: a stack deployed by an
    // earlier shape has parameters (the snapshots') that today's template writes as values.
    Set<String> declared =
        synthesis == null
            ? params.keySet()
            : TemplateDocument.of(synthesis.template().render()).parameters();
    List<Parameter> parameters = new ArrayList<>();
    for (String key : params.keySet()) {
      if (!declared.contains(key)) {
        continue;
      }
      if (key.equals(ClusterLayout.nodeDownParameter())) {
        parameters.add(
            ClusterStack.setNodeDown(
                step.down() == null ? ClusterLayout.noneDown() : step.down().downValue()));
      } else if (imageParameters.containsKey(key)) {
        int n = imageParameters.get(key);
        parameters.add(ClusterStack.setImage(n, images.get(n)));
      } else {
        parameters.add(Parameter.previous(key));
      }
    }
    TemplateDelivery template =
        body == null
            ? TemplateDelivery.previous()
            : TemplateDelivery.body(body, run.options.bucket());
    String rejected = "CloudFormation rejected the roll step: ";
    StackUpdate.Result result =
        updates.run(
            StackUpdate.Request.update(
                name, "roll", "stateful-cluster roll: " + step.describe(), template, parameters),
            rejected,
            Verdict::of);
    switch (result.ending()) {
      case NO_CHANGES:
        // Moving NodeDown always changes something; nothing to change means the stack is not
        // where this step thinks it is.
        throw OpsException.failed(rejected + result.changeSet().statusReason());
      case REFUSED:
        ChangeSetTable.print(result.verdict(), progress);
        throw OpsException.refused(
            "the roll step would touch more than instances; nothing was" + " changed");
      default:
        return result.outcome();
    }
  }

  /**
   * Brings nodes whose new AMI or settings failed back on what they had, and reports the failure.
   */
  private Report recover(
      Run run,
      RollPlan.Group group,
      Map<String, String> params,
      Instant start,
      List<StepResult> done,
      Downtime downtime,
      String reasons)
      throws InterruptedException {
    Map<Integer, String> previous = new TreeMap<>();
    group.nodes().forEach(n -> previous.put(n, ClusterStack.image(params, n)));
    String was = previousOf(run, group, previous);
    String tried = run.options.recreate() ? was : run.upOn(group);
    progress.line("%s did not come up on %s; bringing it back on %s", group.describe(), tried, was);
    StackWatcher.Outcome outcome =
        apply(
            run,
            new RollPlan.Step(group, was, null),
            previous,
            run.stepSettings(List.of()),
            run.stepLaunched(List.of()));
    downtime.record(outcome.events());
    boolean back = outcome.stack().map(s -> s.status().succeeded()).orElse(false);
    String failure =
        group.describe()
            + " failed on "
            + tried
            + ":"
            + reasons
            + (back
                ? "\n"
                    + group.describe()
                    + " is back on "
                    + was
                    + "; nodes not yet"
                    + " rolled are untouched"
                : "\nbringing it back failed too:" + outcome.reasons());
    return new Report(
        run.options.ami(),
        done,
        downtime.total(),
        Duration.between(start, cloud.ticker().now()),
        group.nodes().get(0),
        failure);
  }

  private String lastFailure(String name, RollPlan.Group group) {
    List<String> instances =
        group.nodes().stream().map(n -> ClusterLayout.node(n).instance()).toList();
    StringBuilder out = new StringBuilder();
    for (StackEvent e : cloud.stacks().describeStackEvents(name, 100)) {
      if (instances.contains(e.logicalId()) && StackWatcher.isCause(e)) {
        out.append("\n  ")
            .append(e.logicalId())
            .append(" ")
            .append(e.status())
            .append(": ")
            .append(e.reason());
        break;
      }
    }
    return out.length() == 0 ? " (its update was rolled back)" : out.toString();
  }

  private void describePlan(String name, RollPlan plan, Options options) {
    if (plan.steps().isEmpty()) {
      progress.line(
          "%s: every selected node already runs %s; nothing to roll",
          name, options.describeTarget());
      return;
    }
    progress.line(
        "%s: %d stack updates, one %s away at a time%s",
        options.heading(name),
        plan.steps().size(),
        options.byZone() ? "zone" : "node",
        options.gates());
    for (int i = 0; i < plan.steps().size(); i++) {
      RollPlan.Step s = plan.steps().get(i);
      progress.line("  update %d: %-55s | away: %s", i + 1, s.describe(), awayDuring(s));
    }
  }

  private static String awayDuring(RollPlan.Step s) {
    if (s.up() != null && s.down() != null) {
      return s.up().describe() + " until it signals, then " + s.down().describe();
    }
    return (s.up() != null ? s.up() : s.down()).describe();
  }

  /** ", about 4m left" at the pace of the steps done so far; "" before the first. */
  public static String estimate(List<StepResult> done, int remaining) {
    if (done.isEmpty()) {
      return "";
    }
    Duration total = done.stream().map(StepResult::took).reduce(Duration.ZERO, Duration::plus);
    return ", about "
        + Elapsed.format(total.dividedBy(done.size()).multipliedBy(remaining))
        + " left";
  }

  private static int countNodes(Map<String, String> params) {
    int n = 0;
    while (ClusterStack.hasNode(params, n + 1)) {
      n++;
    }
    return n;
  }

  private static List<Integer> select(List<Integer> wanted, int nodes) {
    if (wanted.isEmpty()) {
      List<Integer> all = new ArrayList<>();
      for (int n = 1; n <= nodes; n++) {
        all.add(n);
      }
      return all;
    }
    for (int n : wanted) {
      if (n < 1 || n > nodes) {
        throw OpsException.badOption("--nodes: the cluster has nodes 1 to " + nodes + ", not " + n);
      }
    }
    return wanted.stream().distinct().sorted().toList();
  }
}
