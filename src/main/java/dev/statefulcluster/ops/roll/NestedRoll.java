package dev.statefulcluster.ops.roll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.core.Elapsed;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.ops.stack.NestedChangeSets;
import dev.statefulcluster.ops.stack.StackUpdate;
import dev.statefulcluster.ops.stack.StackWatcher;
import dev.statefulcluster.ops.stack.TemplateBucket;
import dev.statefulcluster.ops.stack.TemplateDelivery;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NestedSynthesis;
import dev.statefulcluster.synth.NodeSettings;
import dev.statefulcluster.synth.NodeValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * roll of a cluster over several stacks (docs/template-design.md, "Clusters over several stacks"),
 * zone by zone, to a new AMI, on the AMIs the nodes run, or (deploy's roll, {@link Roller.Target})
 * to a cluster file's instance settings. Each step is one update of the parent that sets NodeDown
 * and rewrites the deployed parent template: the risen nodes' AMIs in their nodes stacks'
 * Parameters, and every child's TemplateURL as uploaded again (the bucket expires objects, and each
 * parent update reads every child's template); a roll to a file's settings re-synthesizes the nodes
 * stacks holding a risen node, its instance on the file's settings and every other node's on what
 * it was launched with. The verdict judges every nested change set. Gated on signals alone, "zone i
 * up, zone i+1 away" share an update (N zones, N+1 updates); with a health check from here each
 * zone is checked once up, and every other node before a zone goes (2N updates). Everything a rerun
 * needs is in the stacks: NodeDown and the AMIs in the parent, each instance's settings in its
 * nodes stack.
 */
public final class NestedRoll {
  private final Cloud cloud;
  private final Polling polling;
  private final Progress progress;
  private final StackUpdate updates;

  public NestedRoll(Cloud cloud, Polling polling, Progress progress, StackUpdate updates) {
    this.cloud = cloud;
    this.polling = polling;
    this.progress = progress;
    this.updates = updates;
  }

  public Roller.Report roll(String name, Roller.Options options, Stack stack, Instant start)
      throws InterruptedException {
    Run run = read(name, options);
    if (!options.byZone()) {
      throw OpsException.badOption(
          name
              + " is laid out over nested stacks: use --batch zone: "
              + run.nodes
              + " nodes one at a time would take days");
    }
    if (run.target != null && !options.dryRun() && run.target.spec().nodes().size() != run.nodes) {
      throw OpsException.failed(
          name
              + " has "
              + run.nodes
              + " nodes and the file "
              + run.target.spec().nodes().size()
              + "; deploy the file first");
    }
    Roller.checkAmis(
        cloud,
        run.firstNodes,
        run.selected.stream().map(run::upImage).distinct().toList(),
        run.targetSettings != null ? run.targetSettings.instanceType() : null,
        options.ami() == null ? "" : "--ami: ");
    Downtime downtime = new Downtime();
    Events events = new Events();
    List<Roller.StepResult> done = new ArrayList<>();
    NodeHealth health =
        options.check() == null
            ? null
            : new NodeHealth(cloud, polling, progress, options.check(), options.checkTimeout());
    RollPlan.Group away = run.awayGroup(stack.parameters());
    if (away != null
        && !options.recreate()
        && stack.status() == StackStatus.UPDATE_ROLLBACK_COMPLETE
        && away.nodes().stream().anyMatch(run::needs)) {
      // The last update tried to bring this zone up on the new AMI or settings and the whole tree
      // was rolled back: it comes back as it was, and the roll stops there.
      return recover(run, away, start, done, downtime, events, " (its update was rolled back)");
    }
    List<RollPlan.Group> todo = new ArrayList<>();
    for (RollPlan.Group g : run.zoneGroups()) {
      boolean isAway = away != null && away.downValue().equals(g.downValue());
      if (!isAway && g.nodes().stream().anyMatch(run::needs)) {
        todo.add(g);
      }
    }
    RollPlan plan =
        RollPlan.of(away, away == null ? null : run.upOn(away), todo, run::upOn, health == null);
    describePlan(run, plan);
    if (options.dryRun()) {
      return new Roller.Report(options.ami(), done, downtime.total(), Duration.ZERO, 0, null);
    }
    if (plan.steps().isEmpty()) {
      if (health != null) {
        // Up on the AMI is not done: a zone an earlier run left failing its check still is.
        health.await(run.selected, run.addresses(), "the roll is not done until it passes");
        health.passed(run.selected);
      }
      return new Roller.Report(options.ami(), done, downtime.total(), Duration.ZERO, 0, null);
    }
    TemplateBucket.Target bucket = TemplateBucket.resolve(cloud, progress, options.bucket());
    List<Integer> awayNow = away == null ? List.of() : away.nodes();
    for (int i = 0; i < plan.steps().size(); i++) {
      RollPlan.Step step = plan.steps().get(i);
      progress.line(
          "[%d/%d] %s (elapsed %s%s)",
          i + 1,
          plan.steps().size(),
          step.describe(),
          Elapsed.format(Duration.between(start, cloud.ticker().now())),
          Roller.estimate(done, plan.steps().size() - i));
      Instant stepStart = cloud.ticker().now();
      if (health != null && step.down() != null) {
        gate(run, step.down(), awayNow, health);
      }
      Map<Integer, String> stepImages = new TreeMap<>(run.images);
      step.upNodes().forEach(n -> stepImages.put(n, run.upImage(n)));
      Map<Integer, NodeSettings> stepSettings = new TreeMap<>(run.current);
      if (run.target != null) {
        step.upNodes().forEach(n -> stepSettings.put(n, run.upSettings(n)));
      }
      Applied applied;
      try {
        applied = apply(run, bucket, step, stepImages, stepSettings::get);
      } catch (OpsException | CloudException e) {
        return stopped(run, step, e, start, done, downtime, events);
      }
      StackWatcher.Outcome outcome = applied.outcome();
      events.record(run, step, stepStart, outcome, downtime);
      StackStatus status = outcome.stack().map(Stack::status).orElse(StackStatus.DELETE_COMPLETE);
      if (!status.succeeded()) {
        if (step.up() == null) {
          throw OpsException.failed(
              "taking "
                  + step.down().describe()
                  + " away failed; the stack is "
                  + status
                  + outcome.reasons()
                  + "\nno zone is away; run the same command again once the cause is fixed");
        }
        return recover(run, step.up(), start, done, downtime, events, outcome.reasons());
      }
      run.images.putAll(stepImages);
      run.current.putAll(stepSettings);
      run.childBodies.putAll(applied.bodies());
      awayNow = step.downNodes();
      done.add(
          new Roller.StepResult(i + 1, step, Duration.between(stepStart, cloud.ticker().now())));
      if (step.up() != null && health != null) {
        health.await(
            step.upNodes(),
            run.addresses(),
            step.up().describe()
                + " is up on "
                + step.upOn()
                + " and the roll stopped before taking another zone away; running the same"
                + " command again checks it first and goes on once it passes: "
                + resume(run));
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
    return new Roller.Report(options.ami(), done, downtime.total(), elapsed, 0, null);
  }

  /**
   * One roll's view of the cluster: the parent's deployed body and each child's, each node's AMI
   * (from the parent), zone, and the settings its instance was launched with (from its nodes
   * stack), as the stacks say and as the roll moves them.
   */
  private final class Run {
    final String name;
    final Roller.Options options;
    final Roller.Target target;
    final NodeSettings targetSettings;
    final String parentBody;
    final Map<String, String> childIds;
    final Map<String, String> childBodies = new LinkedHashMap<>();
    final Map<Integer, String> images = new TreeMap<>();
    final Map<Integer, String> zones = new TreeMap<>();
    final Map<Integer, NodeSettings> current = new TreeMap<>();
    final ClusterLayout layout;
    final int nodes;
    final List<Integer> selected;
    TemplateDocument firstNodes;
    private Map<Integer, String> addresses;

    public Run(
        String name, Roller.Options options, String parentBody, Map<String, String> childIds) {
      this.name = name;
      this.options = options;
      this.target = options.target();
      this.targetSettings = target == null ? null : NodeSettings.of(target.spec());
      this.parentBody = parentBody;
      this.childIds = childIds;
      Map<Integer, NodeValues> values =
          ClusterLayout.settingsOf(TemplateDocument.parse(parentBody).root());
      values.forEach((n, v) -> images.put(n, v.image()));
      this.nodes = values.size();
      this.layout = ClusterLayout.nested(nodes);
      this.selected = select(options.nodes(), nodes);
    }

    /** Whether node {@code n} is not yet on what the roll brings it to. */
    public boolean needs(int n) {
      if (!selected.contains(n)) {
        return false;
      }
      if (target != null) {
        return !current.get(n).equals(targetSettings);
      }
      return options.ami() == null || !options.ami().equals(images.get(n));
    }

    /** The AMI node {@code n} comes up on: the new one when selected, else the one it runs. */
    public String upImage(int n) {
      return options.ami() != null && selected.contains(n) ? options.ami() : images.get(n);
    }

    /** What node {@code n}'s instance comes up with: the file's settings when selected. */
    public NodeSettings upSettings(int n) {
      return target != null && selected.contains(n) ? targetSettings : current.get(n);
    }

    /** What a zone comes up on, for the plan and messages. */
    public String upOn(RollPlan.Group group) {
      if (target != null) {
        return group.nodes().stream().anyMatch(this::needs)
            ? targetSettings.describe()
            : "its settings";
      }
      List<String> amis = group.nodes().stream().map(this::upImage).distinct().toList();
      return amis.size() == 1 ? amis.get(0) : "their own AMIs";
    }

    /** What a zone had before the roll reached it: its AMIs, or its instance settings. */
    public String was(RollPlan.Group group) {
      List<String> each =
          group.nodes().stream()
              .map(n -> target != null ? current.get(n).describe() : images.get(n))
              .distinct()
              .toList();
      return each.size() == 1
          ? each.get(0)
          : target != null ? "their previous settings" : "their previous AMIs";
    }

    /** Every zone's nodes, in the order of their first node. */
    public List<RollPlan.Group> zoneGroups() {
      Map<String, List<Integer>> byZone = new LinkedHashMap<>();
      zones.forEach((n, zone) -> byZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(n));
      List<RollPlan.Group> out = new ArrayList<>();
      byZone.forEach((zone, members) -> out.add(RollPlan.Group.zone(zone, members)));
      return out;
    }

    /** The zone (or, left by an earlier tool, the node) the parent's NodeDown takes away. */
    public RollPlan.Group awayGroup(Map<String, String> parameters) {
      String value = ClusterStack.nodeDownValue(parameters);
      for (RollPlan.Group g : zoneGroups()) {
        if (g.downValue().equals(value)) {
          return g;
        }
      }
      int n = ClusterLayout.downNode(value);
      return n > 0 ? new RollPlan.Group(value, List.of(n)) : null;
    }

    /** Each node's private address, from its network stack's outputs (one call per group). */
    public Map<Integer, String> addresses() {
      if (addresses == null) {
        Map<Integer, String> out = new TreeMap<>();
        ClusterStack parent = new ClusterStack(cloud, name);
        for (int g = 1; g <= layout.groups(); g++) {
          String id = childIds.get(ClusterLayout.networkStack(g));
          if (id == null) {
            continue;
          }
          Stack network = parent.describeChild(id);
          for (int n : layout.nodesOf(g)) {
            out.put(n, ClusterStack.privateIp(network, n));
          }
        }
        addresses = out;
      }
      return addresses;
    }
  }

  /** A step's update as it ran, and the children's bodies it deployed when it succeeded. */
  private record Applied(StackWatcher.Outcome outcome, Map<String, String> bodies) {}

  /**
   * Each node's time without an instance, from the events of the nodes stacks that hold a node of
   * the step (one DescribeStackEvents each, a step's worth of events): the parent's events do not
   * show the children's instances.
   */
  private final class Events {
    private final Set<String> seen = new HashSet<>();

    public void record(
        Run run,
        RollPlan.Step step,
        Instant since,
        StackWatcher.Outcome outcome,
        Downtime downtime) {
      Map<Integer, Integer> expected = new TreeMap<>();
      // Per node of the step: an instance's creation (about four events) or deletion (two), and
      // its recovery alarms'; the stack's own events besides.
      step.upNodes().forEach(n -> expected.merge(run.layout.groupOf(n), 6, Integer::sum));
      step.downNodes().forEach(n -> expected.merge(run.layout.groupOf(n), 4, Integer::sum));
      List<StackEvent> all = new ArrayList<>(outcome.events());
      expected.forEach(
          (g, count) -> {
            String id = run.childIds.get(ClusterLayout.nodesStack(g));
            if (id != null) {
              all.addAll(since(id, since, count + 10));
            }
          });
      all.removeIf(e -> !seen.add(e.eventId()));
      all.sort(Comparator.comparing(StackEvent::timestamp));
      downtime.record(all);
    }
  }

  /**
   * A stack's events from {@code since} on, newest pages first: {@code guess} events are asked for,
   * and twice as many again while every one of them is that recent (so a step's events take one
   * page, not the stack's whole history). A failed read leaves the report shorter, not the roll.
   */
  private List<StackEvent> since(String stackId, Instant since, int guess) {
    List<StackEvent> out = new ArrayList<>();
    try {
      for (int max = guess; ; max *= 2) {
        List<StackEvent> page = cloud.stacks().describeStackEvents(stackId, max);
        boolean older = page.stream().anyMatch(e -> e.timestamp().isBefore(since));
        if (older || page.size() < max) {
          page.stream().filter(e -> !e.timestamp().isBefore(since)).forEach(out::add);
          return out;
        }
      }
    } catch (CloudException e) {
      return out;
    }
  }

  /**
   * Before a zone is taken away, every other node that has its instance must pass the check: taking
   * a zone away while a node elsewhere fails it would put two zones' worth out of service.
   */
  private void gate(Run run, RollPlan.Group group, List<Integer> away, NodeHealth health)
      throws InterruptedException {
    List<Integer> others = new ArrayList<>();
    for (int n = 1; n <= run.nodes; n++) {
      if (!group.nodes().contains(n) && !away.contains(n)) {
        others.add(n);
      }
    }
    health.await(
        others,
        run.addresses(),
        "taking "
            + group.describe()
            + " away now would put nodes of two zones out of service, so the roll stopped there"
            + " (no zone is away); "
            + resume(run)
            + " once it passes");
  }

  /** A zone whose nodes failed: brought back on what they had, the roll stopped there. */
  private Roller.Report recover(
      Run run,
      RollPlan.Group group,
      Instant start,
      List<Roller.StepResult> done,
      Downtime downtime,
      Events events,
      String reasons)
      throws InterruptedException {
    String was = run.was(group);
    String tried = run.options.recreate() ? was : run.upOn(group);
    progress.line("%s did not come up on %s; bringing it back on %s", group.describe(), tried, was);
    Instant stepStart = cloud.ticker().now();
    RollPlan.Step back = new RollPlan.Step(group, was, null);
    StackWatcher.Outcome outcome;
    try {
      TemplateBucket.Target bucket = TemplateBucket.resolve(cloud, progress, run.options.bucket());
      outcome = apply(run, bucket, back, run.images, run.current::get).outcome();
    } catch (OpsException | CloudException e) {
      throw Roller.withState(
          e,
          group.describe()
              + " failed on "
              + tried
              + ":"
              + reasons
              + "\n"
              + group.describe()
              + " is away (its interfaces and volumes are kept) and bringing it back failed too;"
              + " bring it back with: "
              + resume(run));
    }
    events.record(run, back, stepStart, outcome, downtime);
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
                    + "; zones not yet rolled are untouched"
                : "\nbringing it back failed too:" + outcome.reasons())
            + (run.target == null && run.options.ami() != null
                ? "\nresume once the AMI is fixed with: stateful-cluster roll "
                    + run.name
                    + " --ami AMI --batch zone"
                    + (run.options.check() == null ? "" : " (with the same health check)")
                : "\nresume once the cause is fixed: " + resume(run));
    return new Roller.Report(
        run.options.ami(),
        done,
        downtime.total(),
        Duration.between(start, cloud.ticker().now()),
        group.nodes().get(0),
        failure);
  }

  /**
   * A step that could not run (CloudFormation rejected its change set, the verdict refused it, an
   * AWS call failed for good): the zone it left away is brought back on what it had, read again
   * from the stacks (the step's update may have run after all); when that is not possible the
   * message ends saying which zone is away and the command that brings it back.
   */
  private Roller.Report stopped(
      Run run,
      RollPlan.Step step,
      RuntimeException cause,
      Instant start,
      List<Roller.StepResult> done,
      Downtime downtime,
      Events events)
      throws InterruptedException {
    String name = run.name;
    Stack now;
    Run fresh;
    try {
      now = new ClusterStack(cloud, name).describe().orElseThrow();
      fresh = now.status().inProgress() ? null : read(name, run.options);
    } catch (RuntimeException unknown) {
      throw Roller.withState(
          cause,
          "the stacks could not be read; "
              + resume(run)
              + ": it finds where the roll is and carries on");
    }
    if (fresh == null) {
      throw Roller.withState(
          cause,
          "CloudFormation is still updating "
              + name
              + "; "
              + resume(run)
              + ": it waits and carries on");
    }
    RollPlan.Group away = fresh.awayGroup(now.parameters());
    if (away == null) {
      throw Roller.withState(cause, "no zone is away; " + resume(run) + " once the cause is fixed");
    }
    String was = fresh.was(away);
    progress.line(
        "%s could not go on: %s; bringing %s back on %s",
        step.describe(), cause.getMessage(), away.describe(), was);
    Instant stepStart = cloud.ticker().now();
    RollPlan.Step back = new RollPlan.Step(away, was, null);
    try {
      TemplateBucket.Target bucket = TemplateBucket.resolve(cloud, progress, run.options.bucket());
      StackWatcher.Outcome outcome =
          apply(fresh, bucket, back, fresh.images, fresh.current::get).outcome();
      events.record(fresh, back, stepStart, outcome, downtime);
      if (outcome.stack().map(s -> s.status().succeeded()).orElse(false)) {
        return new Roller.Report(
            run.options.ami(),
            done,
            downtime.total(),
            Duration.between(start, cloud.ticker().now()),
            away.nodes().get(0),
            Roller.cameBack(away, step.upOn(), cause, was)
                + "; zones not yet rolled are untouched\nresume once the cause is fixed: "
                + resume(run));
      }
      throw Roller.withState(
          cause,
          away.describe()
              + " is away and bringing it back failed:"
              + outcome.reasons()
              + "\nbring it back with: "
              + resume(run));
    } catch (OpsException | CloudException again) {
      throw Roller.withState(
          cause,
          away.describe()
              + " is away (its interfaces and volumes are kept) and bringing it back failed too ("
              + again.getMessage()
              + "); bring it back with: "
              + resume(run));
    }
  }

  /** The command that carries the roll on from where the stacks are. */
  private static String resume(Run run) {
    String check = run.options.check() == null ? "" : " (with the same health check)";
    if (run.target != null) {
      return "run 'stateful-cluster deploy FILE --batch zone' with the same file again" + check;
    }
    return "run 'stateful-cluster roll "
        + run.name
        + (run.options.ami() == null ? "" : " --ami " + run.options.ami())
        + " --batch zone'"
        + check;
  }

  /** The same failure, with a last line that says where the cluster stands. */
  /**
   * One update of the parent: NodeDown moved, the parent rewritten with {@code images}; a roll to a
   * file's settings re-synthesizes each nodes stack whose nodes' {@code settings} differ from what
   * its deployed template launched them with.
   */
  private Applied apply(
      Run run,
      TemplateBucket.Target bucket,
      RollPlan.Step step,
      Map<Integer, String> images,
      IntFunction<NodeSettings> settings)
      throws InterruptedException {
    String name = run.name;
    Map<String, String> bodies = new LinkedHashMap<>(run.childBodies);
    if (run.target != null) {
      for (int g = 1; g <= run.layout.groups(); g++) {
        if (run.layout.nodesOf(g).stream()
            .anyMatch(n -> !settings.apply(n).equals(run.current.get(n)))) {
          bodies.put(
              ClusterLayout.nodesStack(g),
              NestedSynthesis.nodes(run.target.spec(), g, settings).compactBody());
        }
      }
    }
    Map<String, String> urls = new LinkedHashMap<>();
    bodies.forEach((id, body) -> urls.put(id, TemplateBucket.upload(cloud, bucket, name, body)));
    Map<String, Object> parent = TemplateDocument.parse(run.parentBody).root();
    List<String> zoneValues =
        run.zones.values().stream().distinct().sorted().map(ClusterLayout::zoneDownValue).toList();
    ClusterLayout.rollParent(parent, images, urls, zoneValues);
    String body;
    try {
      body = new ObjectMapper().writeValueAsString(parent);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String value = step.down() == null ? ClusterLayout.noneDown() : step.down().downValue();
    String rejected = "CloudFormation rejected the roll step: ";
    StackUpdate.Result result =
        updates.run(
            StackUpdate.Request.update(
                    name,
                    "roll",
                    "stateful-cluster roll: " + step.describe(),
                    TemplateDelivery.body(body, bucket.bucket()),
                    List.of(ClusterStack.setNodeDown(value)))
                .withNestedStacks(),
            rejected,
            cs -> NestedChangeSets.judge(cloud, progress, name, cs, false, false));
    switch (result.ending()) {
      case NO_CHANGES:
        throw OpsException.failed(rejected + result.changeSet().statusReason());
      case REFUSED:
        throw OpsException.refused(
            "the roll step would touch more than instances; nothing was changed");
      default:
        return new Applied(result.outcome(), bodies);
    }
  }

  /**
   * The parent's template and every child's (one GetTemplate each), and what they say: each node's
   * AMI, zone and the settings its instance was launched with.
   */
  private Run read(String name, Roller.Options options) {
    String parentBody = cloud.stacks().getTemplate(name);
    Map<String, String> children = ClusterStack.children(cloud.stacks().listStackResources(name));
    Run run = new Run(name, options, parentBody, children);
    NodeSettings unknown = run.targetSettings;
    for (Map.Entry<String, String> child : children.entrySet()) {
      String body = cloud.stacks().getTemplate(child.getValue());
      run.childBodies.put(child.getKey(), body);
      for (int g = 1; g <= run.layout.groups(); g++) {
        if (!child.getKey().equals(ClusterLayout.nodesStack(g))) {
          continue;
        }
        TemplateDocument doc = TemplateDocument.parse(body);
        if (g == 1) {
          run.firstNodes = doc;
        }
        for (int n : run.layout.nodesOf(g)) {
          run.zones.put(n, ClusterStack.zone(doc, n));
          run.current.put(n, ClusterStack.settings(doc, n, unknown));
        }
      }
    }
    if (run.firstNodes == null || run.zones.size() != run.nodes) {
      throw OpsException.failed(name + ": its nested stacks cannot be read");
    }
    return run;
  }

  private void describePlan(Run run, RollPlan plan) {
    Roller.Options options = run.options;
    if (plan.steps().isEmpty()) {
      progress.line(
          "%s: every selected node already runs %s; nothing to roll",
          run.name, options.describeTarget());
      return;
    }
    progress.line(
        "%s (%d nodes over nested stacks): %d parent updates, one zone away at a time%s",
        options.heading(run.name), run.nodes, plan.steps().size(), options.gates());
    for (int i = 0; i < plan.steps().size(); i++) {
      RollPlan.Step s = plan.steps().get(i);
      progress.line("  update %d: %s | away: %s", i + 1, s.describe(), awayDuring(s));
    }
  }

  private static String awayDuring(RollPlan.Step s) {
    if (s.up() != null && s.down() != null) {
      return s.up().downValue() + " until it signals, then " + s.down().downValue();
    }
    return (s.up() != null ? s.up() : s.down()).downValue();
  }

  /** Whether the deployed parent template is a nested cluster's. */
  public static boolean isNested(TemplateDocument parentTemplate) {
    return !ClusterLayout.settingsOf(parentTemplate.root()).isEmpty();
  }

  private static List<Integer> select(List<Integer> wanted, int nodes) {
    List<Integer> all = new ArrayList<>();
    for (int n = 1; n <= nodes; n++) {
      if (wanted.isEmpty() || wanted.contains(n)) {
        all.add(n);
      }
    }
    for (int n : wanted) {
      if (n < 1 || n > nodes) {
        throw OpsException.badOption("--nodes: the cluster has nodes 1 to " + nodes + ", not " + n);
      }
    }
    return all;
  }
}
