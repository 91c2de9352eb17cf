package dev.statefulcluster.ops.roll;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.cluster.ClusterStep;
import dev.statefulcluster.ops.cluster.DeployedCluster;
import dev.statefulcluster.ops.cluster.Preflight;
import dev.statefulcluster.ops.cluster.StepWriter;
import dev.statefulcluster.ops.core.Elapsed;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.ops.stack.NestedChangeSets;
import dev.statefulcluster.ops.stack.StackSettler;
import dev.statefulcluster.ops.stack.StackUpdate;
import dev.statefulcluster.ops.stack.StackWatcher;
import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one engine that re-creates instances, for roll, replace and deploy, on either layout: each
 * node (or each zone, {@link Batch}) is taken away and created again on a new AMI, on the AMI it
 * runs, or on a cluster file's instance settings ({@link RollTarget}), one group at a time ({@link
 * RollPlan}), never touching a network interface or a volume. Everything it needs to know is in the
 * stacks (NodeDown, each node's AMI, each instance's settings marker), read through {@link
 * DeployedCluster}, so running it again after any interruption carries on from where they are.
 */
public final class Roller {
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

  /**
   * Above this many updates a node-at-a-time roll of a nested cluster says what zones would take.
   */
  static final int MANY_UPDATES = 100;

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

  public Report roll(String name, RollOptions options) throws InterruptedException {
    Instant start = cloud.ticker().now();
    Stack stack =
        options.dryRun()
            ? new ClusterStack(cloud, name).describeOrNotFound()
            : new StackSettler(cloud, watcher, progress)
                .settle(name)
                .orElseThrow(() -> OpsException.notFound(name));
    Run run = new Run(DeployedCluster.read(cloud, stack), options);
    if (run.spec != null && !options.dryRun() && run.spec.nodes().size() != run.count) {
      throw OpsException.failed(
          name
              + " has "
              + run.count
              + " nodes and the file "
              + run.spec.nodes().size()
              + "; deploy the file first");
    }
    checkAmis(
        cloud,
        run.cluster,
        run.selected.stream().map(run::upImage).distinct().toList(),
        run.targetSettings != null ? run.targetSettings.instanceType() : null,
        options.ami() == null ? "" : "--ami: ");
    List<StepResult> done = new ArrayList<>();
    Downtime downtime = new Downtime();
    NodeHealth health =
        options.check() == null
            ? null
            : new NodeHealth(cloud, polling, progress, options.check(), options.checkTimeout());

    RollPlan.Group away = run.awayGroup(run.cluster.downValue());
    if (away != null
        && !options.ownAmi()
        && stack.status() == StackStatus.UPDATE_ROLLBACK_COMPLETE
        && away.nodes().stream().anyMatch(run::needs)) {
      // The last update tried to bring these nodes up on their new AMI or settings and was rolled
      // back: they come back as they were, and the roll stops there.
      String cause = run.cluster.failureCause(away.nodes());
      return recover(
          run,
          away,
          start,
          done,
          downtime,
          cause.isEmpty() ? " (its update was rolled back)" : cause);
    }
    List<Integer> todo = new ArrayList<>();
    for (int n : run.selected) {
      if ((away == null || !away.nodes().contains(n)) && run.needs(n)) {
        todo.add(n);
      }
    }
    List<RollPlan.Group> groups = run.groups(todo);
    // Refuses a group too large for one operation, whatever gates it.
    boolean pairsFit = run.fitsTwoAtOnce(away, groups);
    RollPlan plan =
        RollPlan.of(
            away,
            away == null ? null : run.upOn(away),
            groups,
            run::upOn,
            health == null && pairsFit);
    describePlan(run, plan);
    if (options.dryRun()) {
      return new Report(options.ami(), done, downtime.total(), Duration.ZERO, 0, null);
    }
    if (plan.steps().isEmpty()) {
      if (health != null) {
        // Up on the AMI is not done: a node an earlier run left failing its check still is.
        health.await(run.selected, run.cluster.addresses(), "the roll is not done until it passes");
        health.passed(run.selected);
      }
      return new Report(options.ami(), done, downtime.total(), Duration.ZERO, 0, null);
    }
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
        gate(run, step.down(), awayNow, health);
      }
      release.await(name, step.upNodes(), run.cluster.ids().enis(), run.cluster.ids().volumes());
      StackWatcher.Outcome outcome;
      try {
        outcome = run.apply(step, run.upImages(step.upNodes()), run.upSettings(step.upNodes()));
      } catch (OpsException | CloudException e) {
        return stopped(run, step, e, start, done, downtime);
      }
      run.record(step, stepStart, outcome, downtime);
      StackStatus status = outcome.stack().map(Stack::status).orElse(StackStatus.DELETE_COMPLETE);
      if (!status.succeeded()) {
        if (step.up() == null) {
          throw OpsException.failed(
              "taking "
                  + step.down().describe()
                  + " away failed; the stack is "
                  + status
                  + outcome.reasons()
                  + "\nno "
                  + run.unit()
                  + " is away; "
                  + run.resume()
                  + " once the cause is fixed");
        }
        return recover(
            run,
            step.up(),
            start,
            done,
            downtime,
            outcome.reasons() + run.causeBelow(step.up().nodes()));
      }
      // What the risen nodes ran before, for the command that brings them back.
      String bringBack = step.up() == null ? null : run.bringBack(step.up());
      run.rolled(step.upNodes());
      awayNow = step.downNodes();
      done.add(new StepResult(i + 1, step, Duration.between(stepStart, cloud.ticker().now())));
      if (step.up() != null && health != null) {
        health.await(
            step.upNodes(),
            run.cluster.addresses(),
            step.up().describe()
                + " is up on "
                + step.upOn()
                + " and the roll stopped before taking another "
                + run.unit()
                + " away; running the same command again checks it first and goes on once it"
                + " passes: "
                + run.resume()
                + (run.spec == null && options.ami() != null
                    ? "; or bring it back on its previous AMI with: " + bringBack
                    : ""));
        health.passed(step.upNodes());
      }
    }
    Duration elapsed = Duration.between(start, cloud.ticker().now());
    progress.line(
        "rolled %s to %s in %d updates, %s",
        name,
        run.spec != null
            ? run.targetSettings.describe()
            : options.ownAmi() ? "their own AMIs" : options.ami(),
        done.size(),
        Elapsed.format(elapsed));
    return finish(new Report(options.ami(), done, downtime.total(), elapsed, 0, null));
  }

  /** The report, after a line with each node's time without an instance. */
  private Report finish(Report report) {
    if (!report.downtime().isEmpty()) {
      progress.line("time each node was down: %s", DowntimeLine.of(report.downtime()));
    }
    return report;
  }

  /**
   * Before a group is taken away, every other node that has its instance must pass the check:
   * taking it away while another fails it would put two out of service.
   */
  private void gate(Run run, RollPlan.Group group, List<Integer> away, NodeHealth health)
      throws InterruptedException {
    List<Integer> others = new ArrayList<>();
    for (int n : run.cluster.nodes()) {
      if (!group.nodes().contains(n) && !away.contains(n)) {
        others.add(n);
      }
    }
    health.await(
        others,
        run.cluster.addresses(),
        "taking "
            + group.describe()
            + " away now would put two "
            + run.unit()
            + "s out of service, so the roll stopped there (no "
            + run.unit()
            + " is away); "
            + run.resume()
            + " once it passes");
  }

  /** What a failed step says once the nodes it took away are back on what they ran. */
  static String cameBack(RollPlan.Group away, String upOn, Exception cause, String was) {
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

  /**
   * Every AMI the roll will boot must be able to boot a node before the first node is taken away:
   * on AWS a missing AMI fails only the update that creates the node again, after the node went
   * away. One look-up for all of them.
   */
  static void checkAmis(
      Cloud cloud, DeployedCluster cluster, List<String> amis, String targetType, String option) {
    Object type = targetType != null ? targetType : cluster.instanceType();
    String root = cluster.rootDevice();
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
   * AWS call failed for good): the group it left away is brought back on what it had, read again
   * from the stacks (the step's update may have run after all); when that is not possible the
   * message ends saying which group is away and the command that brings it back.
   */
  private Report stopped(
      Run run,
      RollPlan.Step step,
      RuntimeException cause,
      Instant start,
      List<StepResult> done,
      Downtime downtime)
      throws InterruptedException {
    String name = run.cluster.name();
    Stack now;
    Run fresh;
    try {
      now = new ClusterStack(cloud, name).describeOrNotFound();
      fresh =
          now.status().inProgress() ? null : new Run(DeployedCluster.read(cloud, now), run.options);
    } catch (RuntimeException unknown) {
      throw withState(
          cause,
          "the stacks could not be read; "
              + run.resume()
              + ": it finds where the roll is and carries on");
    }
    if (fresh == null) {
      throw withState(
          cause,
          "CloudFormation is still updating "
              + name
              + "; "
              + run.resume()
              + ": it waits and carries on");
    }
    RollPlan.Group away = fresh.awayGroup(fresh.cluster.downValue());
    if (away == null) {
      throw withState(
          cause, "no " + run.unit() + " is away; " + run.resume() + " once the cause is fixed");
    }
    String was = fresh.was(away);
    progress.line(
        "%s could not go on: %s; bringing %s back on %s",
        step.describe(), cause.getMessage(), away.describe(), was);
    Instant stepStart = cloud.ticker().now();
    RollPlan.Step back = new RollPlan.Step(away, was, null);
    try {
      StackWatcher.Outcome outcome = fresh.apply(back, fresh.images, fresh.currentSettings());
      fresh.record(back, stepStart, outcome, downtime);
      if (outcome.stack().map(s -> s.status().succeeded()).orElse(false)) {
        return finish(
            new Report(
                run.options.ami(),
                done,
                downtime.total(),
                Duration.between(start, cloud.ticker().now()),
                away.nodes().get(0),
                cameBack(away, step.upOn(), cause, was)
                    + "; "
                    + run.unit()
                    + "s not yet rolled are untouched\nresume once the cause is fixed: "
                    + run.resume()));
      }
      throw withState(
          cause,
          away.describe()
              + " is away and bringing it back failed:"
              + outcome.reasons()
              + "\nbring it back with: "
              + fresh.bringBack(away));
    } catch (OpsException | CloudException again) {
      throw withState(
          cause,
          away.describe()
              + " is away ("
              + kept(away)
              + ") and bringing it back failed too ("
              + again.getMessage()
              + "); bring it back with: "
              + fresh.bringBack(away));
    }
  }

  /** What stays of nodes away: a node's interface and volume, or a group's. */
  private static String kept(RollPlan.Group group) {
    return group.nodes().size() == 1
        ? "its interface and volume are kept"
        : "their interfaces and volumes are kept";
  }

  /** The failure, its message followed by where the cluster stands and what to run. */
  static RuntimeException withState(RuntimeException cause, String state) {
    if (cause instanceof CloudException c) {
      return new CloudException(c.code(), c.getMessage() + "\n" + state, c.retryable(), c);
    }
    OpsException o = (OpsException) cause;
    return new OpsException(o.kind(), o.getMessage() + "\n" + state);
  }

  /** Brings nodes whose new AMI or settings failed back on what they had, and reports it. */
  private Report recover(
      Run run,
      RollPlan.Group group,
      Instant start,
      List<StepResult> done,
      Downtime downtime,
      String reasons)
      throws InterruptedException {
    String was = run.was(group);
    String tried = run.options.ownAmi() ? was : run.upOn(group);
    progress.line("%s did not come up on %s; bringing it back on %s", group.describe(), tried, was);
    Instant stepStart = cloud.ticker().now();
    RollPlan.Step back = new RollPlan.Step(group, was, null);
    StackWatcher.Outcome outcome;
    try {
      outcome = run.apply(back, run.images, run.currentSettings());
    } catch (OpsException | CloudException e) {
      throw withState(
          e,
          group.describe()
              + " failed on "
              + tried
              + ":"
              + reasons
              + "\n"
              + group.describe()
              + " is away ("
              + kept(group)
              + ") and bringing it back failed too; bring it back with: "
              + run.bringBack(group));
    }
    run.record(back, stepStart, outcome, downtime);
    boolean isBack = outcome.stack().map(s -> s.status().succeeded()).orElse(false);
    String failure =
        group.describe()
            + " failed on "
            + tried
            + ":"
            + reasons
            + (isBack
                ? "\n"
                    + group.describe()
                    + " is back on "
                    + was
                    + "; "
                    + run.unit()
                    + "s not yet rolled are untouched"
                : "\nbringing it back failed too:" + outcome.reasons())
            + (run.spec == null && run.options.ami() != null
                ? "\nresume once the AMI is fixed with: stateful-cluster roll "
                    + run.cluster.name()
                    + " --ami AMI"
                    + run.options.batch().option()
                    + (run.options.check() == null ? "" : " (with the same health check)")
                : "\nresume once the cause is fixed: " + run.resume());
    return finish(
        new Report(
            run.options.ami(),
            done,
            downtime.total(),
            Duration.between(start, cloud.ticker().now()),
            group.nodes().get(0),
            failure));
  }

  private void describePlan(Run run, RollPlan plan) {
    RollOptions options = run.options;
    String name = run.cluster.name();
    if (plan.steps().isEmpty()) {
      progress.line(
          "%s: every selected node already runs %s; nothing to roll",
          name, options.describeTarget());
      return;
    }
    progress.line(
        "%s: %d stack updates, one %s away at a time%s%s",
        options.heading(name),
        plan.steps().size(),
        run.unit(),
        options.gates(),
        run.cluster.nested()
            ? "; " + run.count + " nodes over nested stacks, each update one of the parent"
            : "");
    if (run.cluster.nested() && !options.batch().byZone() && plan.steps().size() > MANY_UPDATES) {
      long zones = run.zones.values().stream().distinct().count();
      progress.line(
          "note: one node at a time is %d updates of the parent, each of which reads every nested"
              + " stack; --batch zone takes %d",
          plan.steps().size(), zones + 1);
    }
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
  static String estimate(List<StepResult> done, int remaining) {
    if (done.isEmpty()) {
      return "";
    }
    Duration total = done.stream().map(StepResult::took).reduce(Duration.ZERO, Duration::plus);
    return ", about "
        + Elapsed.format(total.dividedBy(done.size()).multipliedBy(remaining))
        + " left";
  }

  /**
   * One roll's view of the cluster: which nodes it rolls, what each comes up on, and the AMI and
   * (when it rolls to a file's settings) launch settings each node's instance has, as the stacks
   * say and as the roll moves them.
   */
  private final class Run {
    final DeployedCluster cluster;
    final RollOptions options;
    final dev.statefulcluster.spec.ClusterSpec spec;
    final dev.statefulcluster.synth.NodeSettings targetSettings;
    final int count;
    final List<Integer> selected;
    final Map<Integer, String> zones;
    final Map<Integer, String> images;
    final Map<Integer, dev.statefulcluster.synth.NodeSettings> current = new TreeMap<>();

    /** The nodes still running with the previous template shape's user data, and that data. */
    final Map<Integer, Object> launched = new TreeMap<>();

    final StepWriter writer;

    Run(DeployedCluster cluster, RollOptions options) {
      this.cluster = cluster;
      this.options = options;
      this.spec = options.spec() == null ? null : aligned(options.spec(), cluster);
      this.targetSettings = spec == null ? null : dev.statefulcluster.synth.NodeSettings.of(spec);
      this.count = cluster.nodeCount();
      this.selected = select(options.nodes(), count);
      this.zones = cluster.zones();
      this.images = new TreeMap<>(cluster.images());
      if (spec != null) {
        cluster.nodes().forEach(n -> current.put(n, cluster.settings(n, targetSettings)));
        launched.putAll(cluster.previousUserData());
      }
      this.writer = new StepWriter(cluster, cloud, progress, updates, spec, options.s3Bucket());
    }

    String unit() {
      return options.batch().unit();
    }

    /** What one update changes to take {@code nodes} away or bring them up. */
    int resources(int nodes) {
      return nodes * cluster.resourcesPerInstance() + cluster.resourcesPerUpdate();
    }

    /**
     * Whether "bring one group up, take the next away" fits one operation of the cluster's stacks
     * for every pair; each group alone must, or the roll is refused before anything changes.
     */
    boolean fitsTwoAtOnce(RollPlan.Group away, List<RollPlan.Group> groups) {
      if (!cluster.nested()) {
        return true;
      }
      List<RollPlan.Group> all = new ArrayList<>();
      if (away != null) {
        all.add(away);
      }
      all.addAll(groups);
      int limit = NestedChangeSets.PLANNED_RESOURCES;
      for (RollPlan.Group g : all) {
        if (resources(g.nodes().size()) > limit) {
          throw OpsException.badOption(
              g.describe()
                  + " changes "
                  + resources(g.nodes().size())
                  + " resources in the update that takes it away, more than one operation of"
                  + " nested stacks may ("
                  + limit
                  + " planned, "
                  + NestedChangeSets.RESOURCES_PER_OPERATION
                  + " allowed); roll it in smaller batches; nothing was changed");
        }
      }
      for (int i = 0; i + 1 < all.size(); i++) {
        if (resources(all.get(i).nodes().size() + all.get(i + 1).nodes().size()) > limit) {
          return false;
        }
      }
      return true;
    }

    /** Whether node {@code n} is selected and not yet on what the roll brings it to. */
    boolean needs(int n) {
      if (!selected.contains(n)) {
        return false;
      }
      if (spec != null) {
        return !current.get(n).equals(targetSettings);
      }
      return options.ownAmi() || !options.ami().equals(images.get(n));
    }

    /** The AMI node {@code n} comes up on: the new one when selected, else the one it runs. */
    String upImage(int n) {
      return options.ami() != null && selected.contains(n) ? options.ami() : images.get(n);
    }

    /** Every node's AMI once {@code up} is up. */
    Map<Integer, String> upImages(List<Integer> up) {
      Map<Integer, String> out = new TreeMap<>(images);
      up.forEach(n -> out.put(n, upImage(n)));
      return out;
    }

    /** Every node's settings once {@code up} is up; null when the roll changes only AMIs. */
    Map<Integer, dev.statefulcluster.synth.NodeSettings> upSettings(List<Integer> up) {
      if (spec == null) {
        return null;
      }
      Map<Integer, dev.statefulcluster.synth.NodeSettings> out = new TreeMap<>(current);
      up.forEach(n -> out.put(n, selected.contains(n) ? targetSettings : current.get(n)));
      return out;
    }

    Map<Integer, dev.statefulcluster.synth.NodeSettings> currentSettings() {
      return spec == null ? null : new TreeMap<>(current);
    }

    /** One update: NodeDown as the step leaves it, every node on {@code stepImages}. */
    StackWatcher.Outcome apply(
        RollPlan.Step step,
        Map<Integer, String> stepImages,
        Map<Integer, dev.statefulcluster.synth.NodeSettings> stepSettings)
        throws InterruptedException {
      // Instances keep the user data they were launched with (changing it stops an instance),
      // except those the step creates again.
      Map<Integer, Object> kept = new TreeMap<>(launched);
      step.upNodes().forEach(kept::remove);
      return writer.apply(
          new ClusterStep(
              step.describe(),
              step.down() == null ? ClusterLayout.noneDown() : step.down().downValue(),
              stepImages,
              stepSettings,
              kept));
    }

    /** Each node's time without an instance, from the events the step left. */
    void record(
        RollPlan.Step step, Instant since, StackWatcher.Outcome outcome, Downtime downtime) {
      List<Integer> nodes = new ArrayList<>(step.upNodes());
      nodes.addAll(step.downNodes());
      // Per node an instance's creation (about four events) or deletion (two), and its alarms'.
      int guess = 6 * step.upNodes().size() + 4 * step.downNodes().size() + 10;
      downtime.record(cluster.instanceEvents(nodes, since, outcome, guess));
    }

    /** Why the nodes' instances failed, read where the stack that holds them tells it. */
    String causeBelow(List<Integer> nodes) {
      return cluster.nested() ? cluster.failureCause(nodes) : "";
    }

    /** The nodes of an update that succeeded are on what they came up on. */
    void rolled(List<Integer> up) {
      up.forEach(n -> images.put(n, upImage(n)));
      if (spec != null) {
        up.forEach(n -> current.put(n, selected.contains(n) ? targetSettings : current.get(n)));
        up.forEach(launched::remove);
      }
    }

    /** What a group comes up on, for the plan and messages. */
    String upOn(RollPlan.Group group) {
      if (spec != null) {
        return group.nodes().stream().anyMatch(this::needs)
            ? targetSettings.describe()
            : "its settings";
      }
      List<String> amis = group.nodes().stream().map(this::upImage).distinct().toList();
      return amis.size() == 1 ? amis.get(0) : "their own AMIs";
    }

    /** What a group had before the roll reached it: its AMIs, or its instance settings. */
    String was(RollPlan.Group group) {
      List<String> each =
          group.nodes().stream()
              .map(n -> spec != null ? current.get(n).describe() : images.get(n))
              .distinct()
              .toList();
      return each.size() == 1
          ? each.get(0)
          : spec != null ? "their previous settings" : "their previous AMIs";
    }

    /** The group a NodeDown value takes away, null when none. */
    RollPlan.Group awayGroup(String value) {
      List<Integer> away = cluster.awayFor(value);
      return away.isEmpty() ? null : new RollPlan.Group(value, away);
    }

    /**
     * The groups to roll: each node, or each zone that has a node to roll, in the order of their
     * first node. A zone's group is every node of the zone, since NodeDown naming the zone takes
     * them all away: the ones not asked for come back as they were.
     */
    List<RollPlan.Group> groups(List<Integer> todo) {
      if (!options.batch().byZone()) {
        return todo.stream().map(RollPlan.Group::node).toList();
      }
      Map<String, List<Integer>> byZone = new java.util.LinkedHashMap<>();
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

    /** The command that carries the roll on from where the stacks are. */
    String resume() {
      String check = options.check() == null ? "" : " (with the same health check)";
      if (spec != null) {
        return "run 'stateful-cluster deploy FILE"
            + options.batch().option()
            + "' with the same file again"
            + check;
      }
      return "run 'stateful-cluster roll "
          + cluster.name()
          + (options.ami() == null ? "" : " --ami " + options.ami())
          + (options.nodes().isEmpty() ? "" : " --nodes " + list(selected))
          + options.batch().option()
          + "'"
          + check;
    }

    /** The command that brings {@code group} back on what it had. */
    String bringBack(RollPlan.Group group) {
      if (spec != null) {
        return "stateful-cluster deploy with the same file" + options.batch().option();
      }
      List<String> amis = group.nodes().stream().map(images::get).distinct().toList();
      return "stateful-cluster roll "
          + cluster.name()
          + " --nodes "
          + list(group.nodes())
          + (amis.size() == 1 ? " --ami " + amis.get(0) : "")
          + options.batch().option();
    }
  }

  private static String list(List<Integer> nodes) {
    return String.join(",", nodes.stream().map(String::valueOf).toList());
  }

  /**
   * The file as the deployed cluster is laid out: a file that names no group size rolls a cluster
   * created with one, and its nodes stacks are written in the deployed groups.
   */
  private static dev.statefulcluster.spec.ClusterSpec aligned(
      dev.statefulcluster.spec.ClusterSpec spec, DeployedCluster cluster) {
    if (!cluster.nested() || spec.layout().groupSize() == cluster.layout().groupSize()) {
      return spec;
    }
    return spec.withLayout(
        new dev.statefulcluster.spec.LayoutSpec(true, cluster.layout().groupSize()));
  }

  private static List<Integer> select(List<Integer> wanted, int nodes) {
    for (int n : wanted) {
      if (n < 1 || n > nodes) {
        throw OpsException.badOption("--nodes: the cluster has nodes 1 to " + nodes + ", not " + n);
      }
    }
    List<Integer> all = new ArrayList<>();
    for (int n = 1; n <= nodes; n++) {
      if (wanted.isEmpty() || wanted.contains(n)) {
        all.add(n);
      }
    }
    return all;
  }
}
