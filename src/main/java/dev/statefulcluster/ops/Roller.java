package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.synth.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * roll: gives nodes a new AMI one at a time (see {@link RollPlan}), never touching a network
 * interface or a volume. Everything it needs to know is in the stack's parameters, so running it
 * again after any interruption carries on from where the stack is.
 */
public final class Roller {
  /** {@code nodes}: node numbers to roll, empty for all; {@code check}: null for signals only. */
  public record Options(String ami, List<Integer> nodes, HealthCheck check,
      Duration checkTimeout, boolean dryRun) {}

  /** One update as it went. */
  public record StepResult(int index, RollPlan.Step step, Duration took) {}

  public record Report(String ami, List<StepResult> steps, Map<Integer, Duration> downtime,
      Duration elapsed, int failedNode, String failure) {
    public boolean failed() {
      return failedNode > 0 || failure != null;
    }
  }

  private final Cloud cloud;
  private final Polling polling;
  private final Progress progress;
  private final StackWatcher watcher;
  private final ChangeSets changeSets;

  public Roller(Cloud cloud, Polling polling, Progress progress) {
    this.cloud = cloud;
    this.polling = polling;
    this.progress = progress;
    this.watcher = new StackWatcher(cloud, polling, progress);
    this.changeSets = new ChangeSets(cloud, polling);
  }

  public Report roll(String name, Options options) throws InterruptedException {
    Instant start = cloud.ticker().now();
    Stack stack = options.dryRun()
        ? cloud.stacks().describeStack(name).orElseThrow(() -> OpsException.notFound(name))
        : new StackSettler(cloud, watcher, progress).settle(name)
            .orElseThrow(() -> OpsException.notFound(name));
    Map<String, String> params = stack.parameters();
    int down = Names.downNode(params.get(Names.NODE_DOWN));
    int nodes = countNodes(params);
    List<Integer> selected = select(options.nodes(), nodes);
    List<StepResult> done = new ArrayList<>();
    Downtime downtime = new Downtime();

    if (down > 0 && stack.status() == StackStatus.UPDATE_ROLLBACK_COMPLETE
        && !options.ami().equals(params.get(Names.imageParameter(down)))) {
      // The last update tried to bring this node up on a new AMI and was rolled back.
      return recover(name, down, params, options, start, done, downtime,
          lastFailure(name, down));
    }
    List<Integer> todo = new ArrayList<>();
    for (int n : selected) {
      if (n != down && !options.ami().equals(params.get(Names.imageParameter(n)))) {
        todo.add(n);
      }
    }
    String downAmi = down > 0 && selected.contains(down) ? options.ami()
        : down > 0 ? params.get(Names.imageParameter(down)) : null;
    RollPlan plan = RollPlan.of(down, downAmi, todo, options.ami(), options.check() == null);
    describePlan(name, plan, options);
    if (options.dryRun() || plan.steps().isEmpty()) {
      return new Report(options.ami(), done, downtime.total(), Duration.ZERO, 0, null);
    }
    for (int i = 0; i < plan.steps().size(); i++) {
      RollPlan.Step step = plan.steps().get(i);
      progress.line("[%d/%d] %s (elapsed %s%s)", i + 1, plan.steps().size(), step.describe(),
          Elapsed.format(Duration.between(start, cloud.ticker().now())),
          estimate(done, plan.steps().size() - i));
      Instant stepStart = cloud.ticker().now();
      StackWatcher.Outcome outcome = apply(name, step);
      downtime.record(outcome.events());
      StackStatus status = outcome.stack().map(Stack::status).orElse(StackStatus.DELETE_COMPLETE);
      if (!status.succeeded()) {
        if (step.up() == 0) {
          throw OpsException.failed("taking " + Names.nodeName(step.down()) + " away failed;"
              + " the stack is " + status + outcome.reasons());
        }
        Map<String, String> now = cloud.stacks().describeStack(name).orElseThrow().parameters();
        return recover(name, step.up(), now, options, start, done, downtime, outcome.reasons());
      }
      done.add(new StepResult(i + 1, step, Duration.between(stepStart, cloud.ticker().now())));
      if (step.up() > 0 && options.check() != null) {
        awaitHealthy(name, step.up(), options);
      }
    }
    Duration elapsed = Duration.between(start, cloud.ticker().now());
    progress.line("rolled %s to %s in %d updates, %s", name, options.ami(), done.size(),
        Elapsed.format(elapsed));
    return new Report(options.ami(), done, downtime.total(), elapsed, 0, null);
  }

  /** One stack update: same template, NodeDown moved, the risen node's image set. */
  private StackWatcher.Outcome apply(String name, RollPlan.Step step)
      throws InterruptedException {
    Map<String, String> params = cloud.stacks().describeStack(name).orElseThrow().parameters();
    List<Parameter> parameters = new ArrayList<>();
    for (String key : params.keySet()) {
      if (key.equals(Names.NODE_DOWN)) {
        parameters.add(Parameter.of(key, step.down() > 0 ? Names.nodeName(step.down())
            : Names.NONE));
      } else if (step.up() > 0 && key.equals(Names.imageParameter(step.up()))) {
        parameters.add(Parameter.of(key, step.upAmi()));
      } else {
        parameters.add(Parameter.previous(key));
      }
    }
    String changeSetName = changeSets.newName("roll");
    ChangeSet cs = changeSets.createAndDescribe(new ChangeSetRequest(name, changeSetName,
        ChangeSetType.UPDATE, null, null, true, parameters, Set.of("CAPABILITY_IAM"), Map.of(),
        "stateful-cluster roll: " + step.describe()));
    if (cs.failed() && !cs.empty()) {
      changeSets.discard(name, changeSetName);
      throw OpsException.failed("CloudFormation rejected the roll step: " + cs.statusReason());
    }
    Verdict verdict = Verdict.of(cs);
    if (verdict.refused()) {
      changeSets.discard(name, changeSetName);
      ChangeSetTable.print(verdict, progress);
      throw OpsException.refused("the roll step would touch more than instances; nothing was"
          + " changed");
    }
    String mark = watcher.mark(name);
    cloud.stacks().executeChangeSet(name, changeSetName);
    return watcher.watch(name, mark, cs.changes().size());
  }

  /** Brings a node whose new AMI failed back on the AMI it had, and reports the failure. */
  private Report recover(String name, int node, Map<String, String> params, Options options,
      Instant start, List<StepResult> done, Downtime downtime, String reasons)
      throws InterruptedException {
    String previous = params.get(Names.imageParameter(node));
    progress.line("%s did not come up on %s; bringing it back on %s", Names.nodeName(node),
        options.ami(), previous);
    StackWatcher.Outcome outcome = apply(name, new RollPlan.Step(node, previous, 0));
    downtime.record(outcome.events());
    boolean back = outcome.stack().map(s -> s.status().succeeded()).orElse(false);
    String failure = Names.nodeName(node) + " failed on " + options.ami() + ":" + reasons
        + (back ? "\n" + Names.nodeName(node) + " is back on " + previous + "; nodes not yet"
            + " rolled are untouched" : "\nbringing it back failed too:" + outcome.reasons());
    return new Report(options.ami(), done, downtime.total(),
        Duration.between(start, cloud.ticker().now()), node, failure);
  }

  private void awaitHealthy(String name, int node, Options options) throws InterruptedException {
    String ip = cloud.stacks().describeStack(name).orElseThrow().outputs()
        .get(Names.privateIpOutput(node));
    Instant deadline = cloud.ticker().now().plus(options.checkTimeout());
    Duration wait = null;
    while (!options.check().probe(Names.nodeName(node), ip)) {
      if (cloud.ticker().now().isAfter(deadline)) {
        throw OpsException.failed(Names.nodeName(node) + " (" + ip + ") is up on "
            + options.ami() + " but fails " + options.check().describe() + " after "
            + Elapsed.format(options.checkTimeout()) + "; the roll stopped before taking"
            + " another node away. Run roll again to go on, or roll back to the old AMI");
      }
      wait = polling.next(wait, false);
      cloud.ticker().sleep(wait);
    }
    progress.line("  %s passes %s", Names.nodeName(node), options.check().describe());
  }

  private String lastFailure(String name, int node) {
    StringBuilder out = new StringBuilder();
    for (StackEvent e : cloud.stacks().describeStackEvents(name, 100)) {
      if (e.logicalId().equals(Names.instance(node)) && StackWatcher.isCause(e)) {
        out.append("\n  ").append(e.logicalId()).append(" ").append(e.status()).append(": ")
            .append(e.reason());
        break;
      }
    }
    return out.length() == 0 ? " (its update was rolled back)" : out.toString();
  }

  private void describePlan(String name, RollPlan plan, Options options) {
    if (plan.steps().isEmpty()) {
      progress.line("%s: every selected node already runs %s; nothing to roll", name,
          options.ami());
      return;
    }
    progress.line("roll %s to %s: %d stack updates, one node away at a time%s", name,
        options.ami(), plan.steps().size(), options.check() == null
            ? " (each node gated on its signal)"
            : " (each node gated on its signal and on " + options.check().describe() + ")");
    for (int i = 0; i < plan.steps().size(); i++) {
      RollPlan.Step s = plan.steps().get(i);
      progress.line("  update %d: %-55s | away: %s", i + 1, s.describe(), awayDuring(s));
    }
  }

  private static String awayDuring(RollPlan.Step s) {
    if (s.up() > 0 && s.down() > 0) {
      return Names.nodeName(s.up()) + " until it signals, then " + Names.nodeName(s.down());
    }
    return Names.nodeName(s.up() > 0 ? s.up() : s.down());
  }

  private static String estimate(List<StepResult> done, int remaining) {
    if (done.isEmpty()) {
      return "";
    }
    Duration total = done.stream().map(StepResult::took).reduce(Duration.ZERO, Duration::plus);
    return ", about " + Elapsed.format(total.dividedBy(done.size()).multipliedBy(remaining))
        + " left";
  }

  private static int countNodes(Map<String, String> params) {
    int n = 0;
    while (params.containsKey(Names.imageParameter(n + 1))) {
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
