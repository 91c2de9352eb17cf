package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.cluster.StackNodes;
import dev.statefulcluster.ops.core.Deadline;
import dev.statefulcluster.ops.core.Elapsed;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.ops.stack.ChangeSetTable;
import dev.statefulcluster.ops.stack.NestedChangeSets;
import dev.statefulcluster.ops.stack.StackSettler;
import dev.statefulcluster.ops.stack.StackUpdate;
import dev.statefulcluster.ops.stack.StackWatcher;
import dev.statefulcluster.ops.stack.TemplateBucket;
import dev.statefulcluster.ops.stack.TemplateDelivery;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.ops.stack.Verdict;
import dev.statefulcluster.spec.VolumeRules;
import dev.statefulcluster.spec.VolumeType;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NodeLayout;
import dev.statefulcluster.synth.ResourceProperties;
import dev.statefulcluster.template.TemplateWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * grow: changes the nodes' data volumes in place (size, IOPS, throughput) with one stack update
 * that CloudFormation applies through EBS ModifyVolume; each node's cfn-hup then grows its
 * filesystem. Refused before anything runs when EBS would refuse it.
 */
public final class Grower {
  /** Null fields stay as they are; empty {@code nodes}: all. */
  public record Options(
      Integer size,
      Integer iops,
      Integer throughput,
      List<Integer> nodes,
      String s3Bucket,
      Duration reportWait) {}

  /** A node's volume after the grow, and its filesystem as the node reported it (or -1). */
  public record Grown(VolumeChange change, String modification, long fsBytes) {}

  /**
   * EBS allows at most four modifications of a volume in a rolling 24 hours; only the latest is
   * visible (DescribeVolumesModifications), so one every six hours keeps within the limit.
   */
  static final Duration MODIFICATION_SPACING = Duration.ofHours(6);

  private final Cloud cloud;
  private final Polling polling;
  private final Progress progress;
  private final StackWatcher watcher;
  private final StackUpdate updates;

  public Grower(Cloud cloud, Polling polling, Progress progress) {
    this.cloud = cloud;
    this.polling = polling;
    this.progress = progress;
    this.watcher = new StackWatcher(cloud, polling, progress);
    this.updates = new StackUpdate(cloud, polling, progress, watcher);
  }

  public List<Grown> grow(String name, Options options) throws InterruptedException {
    Stack stack =
        new StackSettler(cloud, watcher, progress)
            .settle(name)
            .orElseThrow(() -> OpsException.notFound(name));
    String down = ClusterStack.nodeDownValue(stack.parameters());
    if (!ClusterLayout.noneDown().equals(down)) {
      throw OpsException.refused(
          name
              + " is in the middle of a roll ("
              + down
              + " is away);"
              + " finish the roll first: a volume being modified cannot be attached");
    }
    TemplateDocument template = new ClusterStack(cloud, name).template();
    if (ClusterLayout.ofTemplate(template.root()).isNested()) {
      return growNested(name, stack, template, options);
    }
    Map<Integer, String> volumeIds =
        StackNodes.of(cloud.stacks().listStackResources(name)).volumes();
    List<VolumeChange> changes =
        plan(name, n -> template, volumeIds, template.nodeCount(), options);
    if (!print(name, changes)) {
      return List.of();
    }
    String body =
        TemplateWriter.write(
            VolumeEdits.apply(template, changes), TemplateWriter.Format.COMPACT_JSON);
    update(name, stack, TemplateDelivery.body(body, options.s3Bucket()), false);
    waitOptimizing(changes);
    Map<Integer, String> instances =
        StackNodes.of(cloud.stacks().listStackResources(name)).instances();
    return reportFilesystems(instances, n -> name, changes, options.reportWait());
  }

  /**
   * grow of a cluster over several stacks: the sizes live in each nodes stack's template, so each
   * child holding a changed volume gets its template edited and uploaded, and one parent update
   * (nested stacks included) points those children at their new templates. Calls grow with the
   * stacks, not the nodes, except EBS's own per-volume reads.
   */
  private List<Grown> growNested(String name, Stack stack, TemplateDocument parent, Options options)
      throws InterruptedException {
    ClusterLayout layout = ClusterLayout.ofTemplate(parent.root());
    ClusterStack cluster = new ClusterStack(cloud, name);
    Map<String, String> children = ClusterStack.children(cloud.stacks().listStackResources(name));
    StackNodes nodes = cluster.nodesChildNodes(children);
    Map<String, TemplateDocument> templates = new LinkedHashMap<>();
    for (int g = 1; children.containsKey(ClusterLayout.nodesStack(g)); g++) {
      String id = ClusterLayout.nodesStack(g);
      templates.put(id, cluster.childTemplate(children.get(id)));
    }
    List<VolumeChange> changes =
        plan(
            name,
            n -> templates.get(layout.at(n).stack()),
            nodes.volumes(),
            layout.nodeCount(),
            options);
    if (!print(name, changes)) {
      return List.of();
    }
    TemplateBucket.Target target = TemplateBucket.resolve(cloud, progress, options.s3Bucket());
    Map<String, String> urls = new LinkedHashMap<>();
    templates.forEach(
        (id, child) -> {
          List<VolumeChange> mine =
              changes.stream()
                  .filter(c -> c.changes() && layout.at(c.node()).stack().equals(id))
                  .toList();
          if (!mine.isEmpty()) {
            String body =
                TemplateWriter.write(
                    VolumeEdits.apply(child, mine), TemplateWriter.Format.COMPACT_JSON);
            urls.put(id, TemplateBucket.upload(cloud, target, name, body));
          }
        });
    // Every child is protected before the update reaches it, as deploy leaves them.
    for (String child : children.values()) {
      cloud.stacks().setStackPolicy(child, Deployer.policy());
    }
    String body =
        TemplateWriter.write(
            VolumeEdits.withTemplateUrls(parent, urls), TemplateWriter.Format.COMPACT_JSON);
    update(name, stack, TemplateDelivery.body(body, target.bucket()), true);
    waitOptimizing(changes);
    return reportFilesystems(
        nodes.instances(), n -> children.get(layout.at(n).stack()), changes, options.reportWait());
  }

  /** Prints the changes; false when there are none. */
  private boolean print(String name, List<VolumeChange> changes) {
    if (changes.stream().noneMatch(VolumeChange::changes)) {
      progress.line("%s: the volumes already have these settings; nothing to do", name);
      return false;
    }
    for (VolumeChange c : changes) {
      progress.line("  %s  %s  %s", ClusterLayout.nodeName(c.node()), c.volumeId(), c.describe());
    }
    return true;
  }

  private List<VolumeChange> plan(
      String name,
      Function<Integer, TemplateDocument> templateOf,
      Map<Integer, String> volumeIds,
      int nodeCount,
      Options options) {
    List<Integer> nodes =
        options.nodes().isEmpty()
            ? IntStream.rangeClosed(1, nodeCount).boxed().toList()
            : options.nodes();
    Map<String, Ec2Api.VolumeModification> mods = new HashMap<>();
    for (Ec2Api.VolumeModification m :
        cloud.ec2().describeVolumesModifications(volumeIds.values())) {
      mods.put(m.volumeId(), m);
    }
    // A rolled-back grow leaves a volume larger than its template: grow from what EBS has.
    Map<Integer, Integer> realSizes = VolumeSizes.of(cloud, volumeIds);
    List<String> refusals = new ArrayList<>();
    List<VolumeChange> out = new ArrayList<>();
    for (int n : nodes) {
      if (!volumeIds.containsKey(n)) {
        throw OpsException.badOption("--nodes: " + name + " has no node " + n);
      }
      NodeLayout node = ClusterLayout.node(n);
      TemplateDocument template = templateOf.apply(n);
      VolumeType type = VolumeType.of((String) template.value(node.volumeType()));
      int size =
          Math.max(
              ((Number) template.value(node.volumeSize())).intValue(),
              realSizes.getOrDefault(n, 0));
      Integer iops = ClusterStack.number(template, node.volumeIops());
      Integer tput = ClusterStack.number(template, node.volumeThroughput());
      VolumeChange c =
          new VolumeChange(
              n,
              volumeIds.get(n),
              type,
              size,
              iops,
              tput,
              options.size() != null ? options.size() : size,
              options.iops() != null ? options.iops() : iops,
              options.throughput() != null ? options.throughput() : tput);
      out.add(c);
      if (!c.changes()) {
        continue;
      }
      String who = ClusterLayout.nodeName(n) + " (" + c.volumeId() + ")";
      if (c.newSize() < size) {
        refusals.add(who + ": EBS volumes cannot shrink; it is " + size + " GiB");
      }
      for (VolumeRules.Violation v :
          VolumeRules.check(type, c.newSize(), c.newIops(), c.newThroughput())) {
        refusals.add(who + ": " + v.field() + ": " + v.message());
      }
      Ec2Api.VolumeModification m = mods.get(c.volumeId());
      if (m != null && ("modifying".equals(m.state()) || "optimizing".equals(m.state()))) {
        refusals.add(
            who
                + ": its last modification is still "
                + m.state()
                + (m.progress() == null ? "" : " (" + m.progress() + "%)")
                + "; EBS takes a new one"
                + " only once it completed");
      } else if (m != null
          && m.startTime() != null
          && m.startTime().plus(MODIFICATION_SPACING).isAfter(cloud.ticker().now())) {
        refusals.add(
            who
                + ": modified at "
                + m.startTime()
                + "; EBS allows 4 modifications per"
                + " volume in 24 hours and only the last is visible, so stateful-cluster waits 6"
                + " hours between them: next from "
                + m.startTime().plus(MODIFICATION_SPACING));
      }
    }
    if (!refusals.isEmpty()) {
      throw OpsException.refused(
          "grow refused, nothing was changed:\n  - " + String.join("\n  - ", refusals));
    }
    return out;
  }

  private void update(String name, Stack stack, TemplateDelivery body, boolean nested)
      throws InterruptedException {
    List<Parameter> parameters = new ArrayList<>();
    stack.parameters().keySet().forEach(k -> parameters.add(Parameter.previous(k)));
    String rejected = "CloudFormation rejected the change set: ";
    StackUpdate.Request request =
        StackUpdate.Request.update(name, "grow", "stateful-cluster grow", body, parameters);
    StackUpdate.Result result =
        updates.run(
            nested ? request.withNestedStacks() : request,
            rejected,
            cs -> {
              ChangeSetTable.print(cs, progress);
              List<ResourceChange> all = new ArrayList<>(cs.changes());
              List<String> refusals = new ArrayList<>();
              if (nested) {
                NestedChangeSets.Tree tree = NestedChangeSets.below(cloud, cs, progress);
                all.addAll(tree.changes());
                refusals.addAll(tree.refusals());
              }
              Verdict verdict =
                  Verdict.of(
                      new ChangeSet(
                          cs.id(),
                          cs.name(),
                          cs.stackName(),
                          cs.status(),
                          cs.statusReason(),
                          cs.executionStatus(),
                          cs.parameters(),
                          all));
              refusals.addAll(verdict.refusals());
              for (ResourceChange c : all) {
                if (!growsOnly(c) && !(nested && nestedInPlace(c))) {
                  refusals.add(
                      c.logicalId()
                          + ": "
                          + c.action()
                          + " (Replacement "
                          + c.replacement()
                          + "); grow changes volumes and the size their nodes grow"
                          + " to, nothing else");
                }
              }
              return new Verdict(List.copyOf(refusals), verdict.warnings());
            });
    switch (result.ending()) {
      case NO_CHANGES:
        // A template that changes nothing is a mistake here: the volumes were found to differ.
        throw OpsException.failed(rejected + result.changeSet().statusReason());
      case REFUSED:
        throw OpsException.refused(
            "grow refused, nothing was changed:\n  - "
                + String.join("\n  - ", result.verdict().refusals()));
      default:
        if (!result.succeeded()) {
          throw OpsException.failed(
              "growing the volumes failed; the stack is "
                  + result.status()
                  + result.outcome().reasons());
        }
    }
  }

  /** A volume modified in place, or an instance whose metadata (the grow command) changes. */
  private static boolean growsOnly(ResourceChange c) {
    boolean inPlace =
        c.action() == ResourceChange.Action.MODIFY
            && c.replacement() == ResourceChange.Replacement.FALSE;
    return inPlace
        && (Verdict.VOLUME.equals(c.resourceType())
            || Verdict.INSTANCE.equals(c.resourceType())
                && c.scope().equals(List.of(ResourceProperties.METADATA)));
  }

  /** A nested stack updated in place: what changes in it is judged from its own change set. */
  private static boolean nestedInPlace(ResourceChange c) {
    return StackResource.NESTED_STACK.equals(c.resourceType())
        && c.action() == ResourceChange.Action.MODIFY
        && c.replacement() == ResourceChange.Replacement.FALSE;
  }

  /** The new size is usable once a modification is optimizing; the rest runs in the background. */
  private void waitOptimizing(List<VolumeChange> changes) throws InterruptedException {
    List<String> ids =
        changes.stream().filter(VolumeChange::changes).map(VolumeChange::volumeId).toList();
    polling.until(
        new Polling.Condition<Boolean>() {
          private Map<String, String> states = Map.of();

          @Override
          public Optional<Boolean> check() {
            states = new LinkedHashMap<>();
            for (Ec2Api.VolumeModification m : cloud.ec2().describeVolumesModifications(ids)) {
              states.put(
                  m.volumeId(), m.state() + (m.progress() == null ? "" : " " + m.progress() + "%"));
              if ("failed".equals(m.state())) {
                throw OpsException.failed(
                    m.volumeId() + ": modification failed: " + m.statusMessage());
              }
            }
            boolean usable =
                states.size() == ids.size()
                    && states.values().stream()
                        .allMatch(s -> s.startsWith("optimizing") || s.startsWith("completed"));
            progress.line("  volumes: %s", states);
            return usable ? Optional.of(true) : Optional.empty();
          }

          @Override
          public Boolean expired() {
            throw OpsException.failed("volume modifications did not reach optimizing: " + states);
          }
        },
        Deadline.in(cloud.ticker(), polling.limit()));
  }

  /**
   * Reads each grown node's report of its filesystem from its console output. Only a Nitro type
   * serves the console as it is ({@code Latest}); on a Xen type EC2 posts it at boot, reboot and
   * stop, so grow reads what was posted once and says how to check on the node. A Nitro node that
   * has not reported by the end of the wait is named with the command that grows it.
   */
  private List<Grown> reportFilesystems(
      Map<Integer, String> instances,
      Function<Integer, String> stackOf,
      List<VolumeChange> changes,
      Duration reportWait)
      throws InterruptedException {
    List<VolumeChange> watched =
        changes.stream().filter(c -> c.changes() && instances.containsKey(c.node())).toList();
    Map<String, String> typeOf = new HashMap<>();
    Set<String> latestTypes = new HashSet<>();
    if (!watched.isEmpty()) {
      for (Ec2Api.Instance i :
          cloud
              .ec2()
              .describeInstances(watched.stream().map(c -> instances.get(c.node())).toList())) {
        typeOf.put(i.id(), i.instanceType());
      }
      for (Ec2Api.InstanceType t :
          cloud.ec2().describeInstanceTypes(new TreeSet<>(typeOf.values()))) {
        if (t.latestConsole()) {
          latestTypes.add(t.name());
        }
      }
    }
    Predicate<VolumeChange> latest = c -> latestTypes.contains(typeOf.get(instances.get(c.node())));
    Map<Integer, Long> fs = new HashMap<>();
    Map<Integer, ConsoleReport> seen = new HashMap<>();
    Set<Integer> postedRead = new HashSet<>();
    // Past the wait the grow is still done: a node that has not reported yet is only named.
    polling.until(
        new Polling.Condition<Boolean>() {
          @Override
          public Optional<Boolean> check() {
            for (VolumeChange c : watched) {
              boolean current = latest.test(c);
              if (fs.containsKey(c.node()) || !current && !postedRead.add(c.node())) {
                continue;
              }
              Optional<ConsoleReport> report =
                  ConsoleReport.last(
                      cloud.ec2().getConsoleOutput(instances.get(c.node()), current), c.volumeId());
              report.ifPresent(r -> seen.put(c.node(), r));
              report
                  .filter(r -> r.deviceBytes() >= (long) c.newSize() << 30)
                  .ifPresent(
                      r -> {
                        fs.put(c.node(), r.fsBytes());
                        progress.line(
                            "  %s: filesystem at %s is %,d bytes (%.1f GiB)",
                            ClusterLayout.nodeName(c.node()),
                            r.mount(),
                            r.fsBytes(),
                            r.fsBytes() / 1073741824.0);
                      });
            }
            boolean pending =
                watched.stream().anyMatch(c -> latest.test(c) && !fs.containsKey(c.node()));
            return pending ? Optional.empty() : Optional.of(true);
          }

          @Override
          public Boolean expired() {
            return false;
          }
        },
        Deadline.in(cloud.ticker(), reportWait));
    for (VolumeChange c : watched) {
      if (fs.containsKey(c.node())) {
        continue;
      }
      String node = ClusterLayout.nodeName(c.node());
      String fix =
          "sudo " + ClusterLayout.growOnNode(c.node(), stackOf.apply(c.node()), cloud.region());
      if (latest.test(c)) {
        progress.line(
            "  %s: no report of a %d GiB filesystem within %s; its cfn-hup grows it within a"
                + " minute of the update, so it missed the update or its grow failed"
                + " (/var/log/cfn-hup.log and /var/log/cfn-init-cmd.log on the node say which)."
                + " To grow it now, on the node: %s",
            node, c.newSize(), Elapsed.format(reportWait), fix);
      } else {
        ConsoleReport last = seen.get(c.node());
        progress.line(
            "  %s: %s is a Xen type, whose console output EC2 posts only at boot, reboot and stop,"
                + " so grow cannot see its filesystem; its cfn-hup grows it within a minute. To"
                + " check, on the node: df -B1 %s (about %d GiB); if it is smaller: %s",
            node,
            typeOf.getOrDefault(instances.get(c.node()), "its instance type"),
            last == null ? "MOUNT" : last.mount(),
            c.newSize(),
            fix);
      }
    }
    List<Grown> out = new ArrayList<>();
    for (VolumeChange c : changes) {
      out.add(new Grown(c, "optimizing", fs.getOrDefault(c.node(), -1L)));
    }
    return out;
  }
}
