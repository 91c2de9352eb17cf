package dev.statefulcluster.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NodeValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * roll of a cluster over several stacks (docs/template-design.md, "Clusters over several stacks"),
 * zone by zone: each step is one update of the parent that sets NodeDown and writes the risen
 * nodes' AMIs into their nodes stacks' Parameters in the parent template, which is rewritten from
 * the deployed one and uploaded with every child's template again (the bucket expires objects, and
 * each parent update reads every child's template). The verdict judges every nested change set.
 * Everything a rerun needs is in the parent: NodeDown and the AMIs its template writes.
 */
final class NestedRoll {
  private final Cloud cloud;
  private final Progress progress;
  private final StackUpdate updates;

  NestedRoll(Cloud cloud, Progress progress, StackUpdate updates) {
    this.cloud = cloud;
    this.progress = progress;
    this.updates = updates;
  }

  /** The parent's deployed body and each child's, by logical id, and what they say. */
  private record Tree(
      String parentBody,
      Map<String, String> childBodies,
      Map<Integer, NodeValues> settings,
      Map<Integer, String> zones,
      TemplateDocument firstNodes) {}

  Roller.Report roll(String name, Roller.Options options, Stack stack, Instant start)
      throws InterruptedException {
    Tree tree = read(name);
    int nodes = tree.settings().size();
    if (!options.byZone()) {
      throw OpsException.badOption(
          name
              + " is laid out over nested stacks: use --batch zone: "
              + nodes
              + " nodes one at a time would take days");
    }
    if (options.target() != null || options.check() != null) {
      throw OpsException.badOption(
          name
              + " is laid out over nested stacks: its zone roll is gated on the nodes' signals"
              + " only (no --check), and changes AMIs only");
    }
    List<Integer> selected = select(options.nodes(), nodes);
    Map<Integer, String> images = new TreeMap<>();
    tree.settings().forEach((n, v) -> images.put(n, v.image()));
    String downNow = ClusterStack.nodeDownValue(stack.parameters());
    RollPlan.Group away = null;
    Map<String, List<Integer>> byZone = new LinkedHashMap<>();
    tree.zones().forEach((n, zone) -> byZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(n));
    for (Map.Entry<String, List<Integer>> z : byZone.entrySet()) {
      if (ClusterLayout.zoneDownValue(z.getKey()).equals(downNow)) {
        away = RollPlan.Group.zone(z.getKey(), z.getValue());
      }
    }
    if (away == null && !ClusterLayout.noneDown().equals(downNow)) {
      int n = ClusterLayout.downNode(downNow);
      away = new RollPlan.Group(downNow, List.of(n));
    }
    java.util.function.IntPredicate needs =
        n ->
            selected.contains(n) && (options.ami() == null || !options.ami().equals(images.get(n)));
    Map<Integer, String> upImage = new TreeMap<>(images);
    if (options.ami() != null) {
      selected.forEach(n -> upImage.put(n, options.ami()));
    }
    Roller.checkAmis(
        cloud,
        tree.firstNodes(),
        selected.stream().map(upImage::get).distinct().toList(),
        null,
        options.ami() == null ? "" : "--ami: ");
    String upOn = options.ami() == null ? "the AMI it ran" : options.ami();
    Downtime downtime = new Downtime();
    List<Roller.StepResult> done = new ArrayList<>();
    if (away != null
        && options.ami() != null
        && stack.status() == StackStatus.UPDATE_ROLLBACK_COMPLETE
        && away.nodes().stream().anyMatch(needs::test)) {
      // The last update tried to bring this zone up on the new AMI and the whole tree was rolled
      // back: it comes back as it was, and the roll stops there.
      return recover(name, tree, away, images, options, start, done, downtime, "");
    }
    List<RollPlan.Group> todo = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> z : byZone.entrySet()) {
      RollPlan.Group g = RollPlan.Group.zone(z.getKey(), z.getValue());
      boolean isAway = away != null && away.downValue().equals(g.downValue());
      if (!isAway && z.getValue().stream().anyMatch(needs::test)) {
        todo.add(g);
      }
    }
    RollPlan plan = RollPlan.of(away, away == null ? null : upOn, todo, g -> upOn, true);
    if (plan.steps().isEmpty()) {
      progress.line("%s: every selected node already runs %s; nothing to roll", name, upOn);
      return new Roller.Report(options.ami(), done, downtime.total(), Duration.ZERO, 0, null);
    }
    progress.line(
        "roll %s (%d nodes over nested stacks) to %s: %d parent updates, one zone away at a time"
            + " (each node gated on its signal)",
        name, nodes, upOn, plan.steps().size());
    if (options.dryRun()) {
      return new Roller.Report(options.ami(), done, downtime.total(), Duration.ZERO, 0, null);
    }
    TemplateBucket.Target bucket = TemplateBucket.ensure(cloud, progress);
    for (int i = 0; i < plan.steps().size(); i++) {
      RollPlan.Step step = plan.steps().get(i);
      progress.line(
          "[%d/%d] %s (elapsed %s)",
          i + 1,
          plan.steps().size(),
          step.describe(),
          Elapsed.format(Duration.between(start, cloud.ticker().now())));
      Instant stepStart = cloud.ticker().now();
      Map<Integer, String> stepImages = new TreeMap<>(images);
      step.upNodes().forEach(n -> stepImages.put(n, upImage.get(n)));
      StackWatcher.Outcome outcome;
      try {
        outcome = apply(name, tree, bucket, step, stepImages);
      } catch (OpsException | CloudException e) {
        throw new OpsException(
            OpsException.Kind.FAILED,
            step.describe()
                + " could not go on: "
                + e.getMessage()
                + "\nrun the same command again: it carries on from where the parent stack is");
      }
      downtime.record(outcome.events());
      StackStatus status = outcome.stack().map(Stack::status).orElse(StackStatus.DELETE_COMPLETE);
      if (!status.succeeded()) {
        if (step.up() == null) {
          throw OpsException.failed(
              "taking "
                  + step.down().describe()
                  + " away failed; the stack is "
                  + status
                  + outcome.reasons()
                  + "\nno node is away");
        }
        return recover(
            name, tree, step.up(), images, options, start, done, downtime, outcome.reasons());
      }
      images.putAll(stepImages);
      done.add(
          new Roller.StepResult(i + 1, step, Duration.between(stepStart, cloud.ticker().now())));
    }
    Duration elapsed = Duration.between(start, cloud.ticker().now());
    progress.line(
        "rolled %s to %s in %d updates, %s",
        name,
        options.ami() == null ? "their own AMIs" : options.ami(),
        done.size(),
        Elapsed.format(elapsed));
    return new Roller.Report(options.ami(), done, downtime.total(), elapsed, 0, null);
  }

  /** A zone whose nodes failed: brought back on the AMIs they had, the roll stopped there. */
  private Roller.Report recover(
      String name,
      Tree tree,
      RollPlan.Group group,
      Map<Integer, String> images,
      Roller.Options options,
      Instant start,
      List<Roller.StepResult> done,
      Downtime downtime,
      String reasons)
      throws InterruptedException {
    progress.line(
        "%s did not come up on %s; bringing it back on the AMIs it ran",
        group.describe(), options.ami());
    TemplateBucket.Target bucket = TemplateBucket.ensure(cloud, progress);
    StackWatcher.Outcome outcome =
        apply(name, tree, bucket, new RollPlan.Step(group, "the AMIs it ran", null), images);
    downtime.record(outcome.events());
    boolean back = outcome.stack().map(s -> s.status().succeeded()).orElse(false);
    String failure =
        group.describe()
            + " failed on "
            + options.ami()
            + ":"
            + reasons
            + (back
                ? "\n"
                    + group.describe()
                    + " is back on the AMIs it ran; zones not yet rolled are"
                    + " untouched"
                : "\nbringing it back failed too:" + outcome.reasons())
            + "\nresume once the AMI is fixed with: stateful-cluster roll "
            + name
            + " --ami AMI --batch zone";
    return new Roller.Report(
        options.ami(),
        done,
        downtime.total(),
        Duration.between(start, cloud.ticker().now()),
        group.nodes().get(0),
        failure);
  }

  /** One update of the parent: NodeDown moved, the parent rewritten with {@code images}. */
  private StackWatcher.Outcome apply(
      String name,
      Tree tree,
      TemplateBucket.Target bucket,
      RollPlan.Step step,
      Map<Integer, String> images)
      throws InterruptedException {
    Map<String, String> urls = new LinkedHashMap<>();
    tree.childBodies()
        .forEach((id, body) -> urls.put(id, NestedDeploy.upload(cloud, bucket, name, body)));
    Map<String, Object> parent = TemplateDocument.parse(tree.parentBody()).root();
    List<String> zoneValues =
        tree.zones().values().stream()
            .distinct()
            .sorted()
            .map(ClusterLayout::zoneDownValue)
            .toList();
    ClusterLayout.rollParent(parent, images, urls, zoneValues);
    String body;
    try {
      body = new ObjectMapper().writeValueAsString(parent);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String value = step.down() == null ? ClusterLayout.noneDown() : step.down().downValue();
    String rejected = "CloudFormation rejected the roll step: ";
    NestedDeploy judge = new NestedDeploy(cloud, progress, updates);
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
            cs -> judge.judge(name, cs, false, null));
    switch (result.ending()) {
      case NO_CHANGES:
        throw OpsException.failed(rejected + result.changeSet().statusReason());
      case REFUSED:
        throw OpsException.refused(
            "the roll step would touch more than instances; nothing was changed");
      default:
        return result.outcome();
    }
  }

  /** The parent's template and every child's: one GetTemplate each. */
  private Tree read(String name) {
    String parentBody = cloud.stacks().getTemplate(name);
    Map<Integer, NodeValues> settings =
        ClusterLayout.settingsOf(TemplateDocument.parse(parentBody).root());
    Map<String, String> children = ClusterStack.children(cloud.stacks().listStackResources(name));
    Map<String, String> bodies = new LinkedHashMap<>();
    Map<Integer, String> zones = new TreeMap<>();
    TemplateDocument first = null;
    ClusterLayout layout = ClusterLayout.nested(settings.size());
    for (Map.Entry<String, String> child : children.entrySet()) {
      String body = cloud.stacks().getTemplate(child.getValue());
      bodies.put(child.getKey(), body);
      TemplateDocument doc = TemplateDocument.parse(body);
      if (child.getKey().equals(ClusterLayout.nodesStack(1))) {
        first = doc;
      }
      for (int n : settings.keySet()) {
        if (child.getKey().equals(layout.at(n).stack())) {
          zones.put(n, ClusterStack.zone(doc, n));
        }
      }
    }
    if (first == null) {
      throw OpsException.failed(name + ": its nested stacks cannot be read");
    }
    return new Tree(parentBody, bodies, settings, zones, first);
  }

  /** Whether the deployed parent template is a nested cluster's. */
  static boolean isNested(TemplateDocument parentTemplate) {
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
