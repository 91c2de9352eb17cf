package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * roll: gives nodes a new AMI one at a time (see {@link RollPlan}), never touching a network
 * interface or a volume. Everything it needs to know is in the stack's parameters, so running it
 * again after any interruption carries on from where the stack is.
 */
public final class Roller {
  /**
   * {@code ami}: the new AMI, or null to re-create each selected node's instance on the AMI it runs
   * (fresh hosts, a lost instance replaced); {@code nodes}: node numbers, empty for all; {@code
   * check}: null for signals only.
   */
  public record Options(
      String ami, List<Integer> nodes, HealthCheck check, Duration checkTimeout, boolean dryRun) {
    boolean recreate() {
      return ami == null;
    }

    /** What the nodes come up on, for messages. */
    String target() {
      return ami == null ? "the AMI it ran" : ami;
    }
  }

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
    Map<String, String> params = stack.parameters();
    int down = ClusterStack.nodeDown(params);
    int nodes = countNodes(params);
    List<Integer> selected = select(options.nodes(), nodes);
    IntFunction<String> amiOf =
        n -> options.recreate() ? ClusterStack.image(params, n) : options.ami();
    checkAmis(
        name,
        selected.stream().map(amiOf::apply).distinct().toList(),
        options.recreate() ? "" : "--ami: ");
    List<StepResult> done = new ArrayList<>();
    Downtime downtime = new Downtime();
    NodeHealth health =
        options.check() == null
            ? null
            : new NodeHealth(cloud, polling, progress, options.check(), options.checkTimeout());

    if (down > 0
        && !options.recreate()
        && stack.status() == StackStatus.UPDATE_ROLLBACK_COMPLETE
        && !options.ami().equals(ClusterStack.image(params, down))) {
      // The last update tried to bring this node up on a new AMI and was rolled back.
      return recover(name, down, params, options, start, done, downtime, lastFailure(name, down));
    }
    List<Integer> todo = new ArrayList<>();
    for (int n : selected) {
      if (n != down
          && (options.recreate() || !options.ami().equals(ClusterStack.image(params, n)))) {
        todo.add(n);
      }
    }
    String downAmi =
        down > 0 && selected.contains(down)
            ? amiOf.apply(down)
            : down > 0 ? ClusterStack.image(params, down) : null;
    RollPlan plan = RollPlan.of(down, downAmi, todo, amiOf, health == null);
    describePlan(name, plan, options);
    if (options.dryRun()) {
      return new Report(options.ami(), done, downtime.total(), Duration.ZERO, 0, null);
    }
    if (plan.steps().isEmpty()) {
      if (health != null) {
        // Up on the AMI is not done: a node an earlier run left failing its check still is.
        List<Integer> up = selected.stream().filter(n -> n != down).toList();
        health.await(up, addresses(stack), "the roll is not done until it passes");
        health.passed(up);
      }
      return new Report(options.ami(), done, downtime.total(), Duration.ZERO, 0, null);
    }
    StackNodes ids = StackNodes.of(cloud.stacks().listStackResources(name));
    NodeRelease release = new NodeRelease(cloud, polling, progress);
    int away = down;
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
      if (health != null && step.down() > 0) {
        gate(name, step.down(), nodes, away, health);
      }
      if (step.up() > 0) {
        release.await(name, step.up(), ids.enis().get(step.up()), ids.volumes().get(step.up()));
      }
      StackWatcher.Outcome outcome;
      try {
        outcome = apply(name, step);
      } catch (OpsException | CloudException e) {
        return stopped(name, step, e, options, start, done, downtime);
      }
      downtime.record(outcome.events());
      StackStatus status = outcome.stack().map(Stack::status).orElse(StackStatus.DELETE_COMPLETE);
      if (!status.succeeded()) {
        if (step.up() == 0) {
          throw OpsException.failed(
              "taking "
                  + ClusterLayout.nodeName(step.down())
                  + " away failed;"
                  + " the stack is "
                  + status
                  + outcome.reasons()
                  + "\nno node is away");
        }
        Map<String, String> now =
            new ClusterStack(cloud, name).describe().orElseThrow().parameters();
        return recover(name, step.up(), now, options, start, done, downtime, outcome.reasons());
      }
      away = step.down();
      done.add(new StepResult(i + 1, step, Duration.between(stepStart, cloud.ticker().now())));
      if (step.up() > 0 && health != null) {
        health.await(
            List.of(step.up()),
            addresses(name),
            "it is up on "
                + step.upAmi()
                + " and the roll stopped before taking another node away. Running roll again"
                + " checks it first and goes on once it passes; or roll it back to its previous"
                + " AMI with --nodes "
                + step.up());
        health.passed(List.of(step.up()));
      }
    }
    Duration elapsed = Duration.between(start, cloud.ticker().now());
    progress.line(
        "rolled %s to %s in %d updates, %s",
        name,
        options.recreate() ? "their own AMIs" : options.ami(),
        done.size(),
        Elapsed.format(elapsed));
    return new Report(options.ami(), done, downtime.total(), elapsed, 0, null);
  }

  /**
   * Before {@code node} is taken away, every other node that has its instance must pass the check:
   * taking a node away while another fails it would put two out of service.
   */
  private void gate(String name, int node, int nodes, int away, NodeHealth health)
      throws InterruptedException {
    List<Integer> others = new ArrayList<>();
    for (int n = 1; n <= nodes; n++) {
      if (n != node && n != away) {
        others.add(n);
      }
    }
    health.await(
        others,
        addresses(name),
        "taking "
            + ClusterLayout.nodeName(node)
            + " away now would"
            + " put two nodes out of service, so the roll stopped there (no node is away). Run roll"
            + " again once it passes");
  }

  private Map<Integer, String> addresses(String name) {
    return addresses(new ClusterStack(cloud, name).describe().orElseThrow());
  }

  private static Map<Integer, String> addresses(Stack stack) {
    Map<Integer, String> out = new TreeMap<>();
    stack
        .outputs()
        .forEach(
            (key, value) -> {
              if (ClusterLayout.isPrivateIpOutput(key)) {
                out.put(ClusterLayout.nodeOf(key), value);
              }
            });
    return out;
  }

  /**
   * Every AMI the roll will boot must be able to boot a node before the first node is taken away:
   * on AWS a missing AMI fails only the update that creates the node again, after the node went
   * away. One template read and one look-up for all of them.
   */
  private void checkAmis(String name, List<String> amis, String option) {
    TemplateDocument template = new ClusterStack(cloud, name).template();
    Object type = ClusterStack.instanceType(template);
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
      String name,
      RollPlan.Step step,
      RuntimeException cause,
      Options options,
      Instant start,
      List<StepResult> done,
      Downtime downtime)
      throws InterruptedException {
    Stack now;
    try {
      now = new ClusterStack(cloud, name).describe().orElseThrow();
    } catch (RuntimeException unknown) {
      throw withState(
          cause,
          "the stack could not be read; run roll again: it finds where the"
              + " stack is and carries on");
    }
    if (now.status().inProgress()) {
      throw withState(
          cause,
          "CloudFormation is still updating "
              + name
              + "; run roll again:"
              + " it waits and carries on");
    }
    int away = ClusterStack.nodeDown(now.parameters());
    if (away == 0) {
      throw withState(cause, "no node is away");
    }
    String previous = ClusterStack.image(now.parameters(), away);
    String bringBack = "stateful-cluster roll " + name + " --nodes " + away + " --ami " + previous;
    progress.line(
        "%s could not go on: %s; bringing %s back on %s",
        step.describe(), cause.getMessage(), ClusterLayout.nodeName(away), previous);
    try {
      StackWatcher.Outcome outcome = apply(name, new RollPlan.Step(away, previous, 0));
      downtime.record(outcome.events());
      if (outcome.stack().map(s -> s.status().succeeded()).orElse(false)) {
        return new Report(
            options.ami(),
            done,
            downtime.total(),
            Duration.between(start, cloud.ticker().now()),
            away,
            ClusterLayout.nodeName(away)
                + " could not come up on "
                + step.upAmi()
                + ": "
                + cause.getMessage()
                + "\n"
                + ClusterLayout.nodeName(away)
                + " is back on "
                + previous
                + "; nodes not yet rolled"
                + " are untouched");
      }
      throw withState(
          cause,
          ClusterLayout.nodeName(away)
              + " is away and bringing it back failed:"
              + outcome.reasons()
              + "\nbring it back with: "
              + bringBack);
    } catch (OpsException | CloudException again) {
      throw withState(
          cause,
          ClusterLayout.nodeName(away)
              + " is away (its interface and volume are"
              + " kept) and bringing it back failed too ("
              + again.getMessage()
              + "); bring it back"
              + " with: "
              + bringBack);
    }
  }

  /** The same failure, with a last line that says where the cluster stands. */
  private static RuntimeException withState(RuntimeException cause, String state) {
    if (cause instanceof CloudException c) {
      return new CloudException(c.code(), c.getMessage() + "\n" + state, c.retryable(), c);
    }
    OpsException o = (OpsException) cause;
    return new OpsException(o.kind(), o.getMessage() + "\n" + state);
  }

  /** One stack update: same template, NodeDown moved, the risen node's image set. */
  private StackWatcher.Outcome apply(String name, RollPlan.Step step) throws InterruptedException {
    Map<String, String> params =
        new ClusterStack(cloud, name).describe().orElseThrow().parameters();
    List<Parameter> parameters = new ArrayList<>();
    for (String key : params.keySet()) {
      if (key.equals(ClusterLayout.nodeDownParameter())) {
        parameters.add(ClusterStack.setNodeDown(step.down()));
      } else if (step.up() > 0 && key.equals(ClusterLayout.node(step.up()).imageParameter())) {
        parameters.add(ClusterStack.setImage(step.up(), step.upAmi()));
      } else {
        parameters.add(Parameter.previous(key));
      }
    }
    String rejected = "CloudFormation rejected the roll step: ";
    StackUpdate.Result result =
        updates.run(
            StackUpdate.Request.update(
                name,
                "roll",
                "stateful-cluster roll: " + step.describe(),
                TemplateDelivery.previous(),
                parameters),
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

  /** Brings a node whose new AMI failed back on the AMI it had, and reports the failure. */
  private Report recover(
      String name,
      int node,
      Map<String, String> params,
      Options options,
      Instant start,
      List<StepResult> done,
      Downtime downtime,
      String reasons)
      throws InterruptedException {
    String previous = ClusterStack.image(params, node);
    progress.line(
        "%s did not come up on %s; bringing it back on %s",
        ClusterLayout.nodeName(node), options.recreate() ? previous : options.ami(), previous);
    StackWatcher.Outcome outcome = apply(name, new RollPlan.Step(node, previous, 0));
    downtime.record(outcome.events());
    boolean back = outcome.stack().map(s -> s.status().succeeded()).orElse(false);
    String failure =
        ClusterLayout.nodeName(node)
            + " failed on "
            + (options.recreate() ? previous : options.ami())
            + ":"
            + reasons
            + (back
                ? "\n"
                    + ClusterLayout.nodeName(node)
                    + " is back on "
                    + previous
                    + "; nodes not yet"
                    + " rolled are untouched"
                : "\nbringing it back failed too:" + outcome.reasons());
    return new Report(
        options.ami(),
        done,
        downtime.total(),
        Duration.between(start, cloud.ticker().now()),
        node,
        failure);
  }

  private String lastFailure(String name, int node) {
    StringBuilder out = new StringBuilder();
    for (StackEvent e : cloud.stacks().describeStackEvents(name, 100)) {
      if (e.logicalId().equals(ClusterLayout.node(node).instance()) && StackWatcher.isCause(e)) {
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
          "%s: every selected node already runs %s; nothing to roll", name, options.target());
      return;
    }
    progress.line(
        "%s: %d stack updates, one node away at a time%s",
        options.recreate()
            ? "re-create " + name + "'s instances, each on the AMI it runs"
            : "roll " + name + " to " + options.ami(),
        plan.steps().size(),
        options.check() == null
            ? " (each node gated on its signal)"
            : " (each node gated on its signal and on " + options.check().describe() + ")");
    for (int i = 0; i < plan.steps().size(); i++) {
      RollPlan.Step s = plan.steps().get(i);
      progress.line("  update %d: %-55s | away: %s", i + 1, s.describe(), awayDuring(s));
    }
  }

  private static String awayDuring(RollPlan.Step s) {
    if (s.up() > 0 && s.down() > 0) {
      return ClusterLayout.nodeName(s.up())
          + " until it signals, then "
          + ClusterLayout.nodeName(s.down());
    }
    return ClusterLayout.nodeName(s.up() > 0 ? s.up() : s.down());
  }

  private static String estimate(List<StepResult> done, int remaining) {
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
