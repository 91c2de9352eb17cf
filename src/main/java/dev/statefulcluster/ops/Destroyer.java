package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.core.Deadline;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.ops.stack.StackWatcher;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NodeLayout;
import dev.statefulcluster.synth.NodeValues;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * destroy: deletes a cluster's stack, whose volumes CloudFormation snapshots on the way out
 * (DeletionPolicy Snapshot), then finds those final snapshots, waits until they are complete, names
 * them as one snapshot set and says how to restore from them.
 *
 * <p>A final snapshot is a snapshot of the node's volume (by volume id) that started after the
 * delete began (the stack's DELETE_IN_PROGRESS event, CloudFormation's own clock): an earlier
 * snapshot of the same volume misses what was written since. No {@code aws:cloudformation:*} tag is
 * relied on: AWS documents only that the volume's own tags reach the snapshot.
 *
 * <p>Run again after being killed, destroy finds the same snapshots: while the stack is being
 * deleted it is found by name; once deleted, CloudFormation keeps it (template, resources, events)
 * under its id, which each data volume carries in {@link #RESTORE_TAG} from before the delete, and
 * which the volume's deletion snapshot copies.
 */
public final class Destroyer {
  /**
   * On each data volume just before the delete, so that its deletion snapshot carries it: the
   * stack's id and what the node ran ({@code stack=ARN ip=10.0.1.10 ami=ami-…}).
   */
  public static final String RESTORE_TAG = "stateful-cluster:restore";

  /** EC2's answer to a 51st tag on a resource. */
  private static final String TAG_LIMIT = "TagLimitExceeded";

  private static final DateTimeFormatter SET_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /**
   * What each node leaves behind: where it was, the AMI it last ran, and its data's final snapshot
   * ({@code snapshotId} null when it has none; then {@code state} says why).
   */
  public record FinalSnapshot(
      int node,
      String subnet,
      String availabilityZone,
      String privateIp,
      String ami,
      String volumeId,
      String snapshotId,
      String state) {}

  /**
   * The destroyed cluster's final snapshots, named as one set ({@code set} null when EC2's limit of
   * 50 tags per snapshot left no room for the set's tag: then they are known by their ids). No
   * nodes, and {@code deleteBegan} null: the stack held no resource.
   */
  public record Result(String set, Instant deleteBegan, List<FinalSnapshot> nodes) {
    public List<FinalSnapshot> missing() {
      return nodes.stream().filter(n -> n.snapshotId() == null).toList();
    }
  }

  private record Node(
      int node, String volumeId, String subnet, String zone, String ip, String ami) {}

  private final Cloud cloud;
  private final Polling polling;
  private final Progress progress;
  private final StackWatcher watcher;

  /** The stack's resources, for the watcher's "done of how many". */
  private int resources;

  public Destroyer(Cloud cloud, Polling polling, Progress progress) {
    this.cloud = cloud;
    this.polling = polling;
    this.progress = progress;
    this.watcher = new StackWatcher(cloud, polling, progress);
  }

  public Result destroy(String name) throws InterruptedException {
    Optional<Stack> live = new ClusterStack(cloud, name).describe();
    if (live.isPresent() && live.get().status() == StackStatus.REVIEW_IN_PROGRESS) {
      return deleteUnexecuted(name, live.get());
    }
    String stackId;
    List<Node> nodes;
    if (live.isPresent() && !isDeleting(live.get().status())) {
      Stack stack = live.get();
      if (stack.status().inProgress()) {
        progress.line("%s is %s: waiting for CloudFormation to finish first", name, stack.status());
        watcher.watch(name, watcher.mark(name), 0);
        stack = new ClusterStack(cloud, name).describeOrNotFound();
      }
      stackId = stack.id();
      nodes = nodes(stackId, stack, false);
      record(stackId, nodes);
      String mark = watcher.mark(stackId);
      cloud.stacks().setTerminationProtection(stackId, false);
      cloud.stacks().deleteStack(stackId);
      progress.line(
          "deleting %s (%d resources); each data volume is snapshotted first", name, resources);
      watch(name, stackId, mark);
    } else {
      Stack stack = live.isPresent() ? live.get() : deletedStack(name);
      stackId = stack.id();
      progress.line("%s is %s: carrying on with the delete begun before", name, stack.status());
      nodes = nodes(stackId, stack, live.isEmpty());
      String mark = watcher.mark(stackId);
      if (stack.status() == StackStatus.DELETE_FAILED) {
        cloud.stacks().deleteStack(stackId);
      }
      watch(name, stackId, mark);
    }
    Instant began = deleteBegan(stackId);
    return finalSnapshots(name, began, nodes);
  }

  /**
   * A stack CreateChangeSet made, whose change set never ran (a deploy killed before executing it,
   * or an execution AWS refused): REVIEW_IN_PROGRESS ends only when it is deleted, and it holds no
   * resource, so no volume to snapshot first. Waiting for it to finish would wait forever.
   */
  private Result deleteUnexecuted(String name, Stack stack) throws InterruptedException {
    progress.line(
        "%s is REVIEW_IN_PROGRESS: it was made by a change set that never ran, and holds no"
            + " resource and no data; deleting it",
        name);
    String mark = watcher.mark(stack.id());
    cloud.stacks().deleteStack(stack.id());
    watch(name, stack.id(), mark);
    return new Result(null, null, List.of());
  }

  private static boolean isDeleting(StackStatus status) {
    return status == StackStatus.DELETE_IN_PROGRESS
        || status == StackStatus.DELETE_FAILED
        || status == StackStatus.DELETE_COMPLETE;
  }

  private void watch(String name, String stackId, String mark) throws InterruptedException {
    StackWatcher.Outcome outcome = watcher.watch(stackId, mark, resources);
    Optional<Stack> after = outcome.stack();
    if (after.isPresent() && after.get().status() != StackStatus.DELETE_COMPLETE) {
      throw OpsException.failed(
          "deleting "
              + name
              + " failed; the stack is "
              + after.get().status()
              + "; run destroy again once the cause is fixed"
              + outcome.reasons());
    }
  }

  /**
   * Each node's volume, place, address and AMI, from the stack (by id, which also answers for a
   * deleted stack). An address the stack no longer reports comes from the volume's record.
   */
  private List<Node> nodes(String stackId, Stack stack, boolean deleted) {
    ClusterStack cluster = new ClusterStack(cloud, stackId);
    TemplateDocument template = cluster.template();
    resources = template.resources().size();
    List<StackResource> parentResources = cloud.stacks().listStackResources(stackId);
    Map<Integer, String> recordedIps = deleted ? recordedIps(stack.name(), stackId) : Map.of();
    Map<String, String> children = ClusterStack.children(parentResources);
    if (!children.isEmpty()) {
      return nestedNodes(cluster, template, children, recordedIps);
    }
    Map<Integer, String> volumes = volumes(parentResources);
    Map<Integer, String> addresses = ClusterStack.addresses(stack);
    List<Node> nodes = new ArrayList<>();
    for (int n = 1; n <= template.nodeCount(); n++) {
      String ip = addresses.get(n);
      nodes.add(
          new Node(
              n,
              volumes.get(n),
              ClusterStack.subnet(template, n),
              ClusterStack.zone(template, n),
              ip != null ? ip : recordedIps.get(n),
              ClusterStack.image(stack.parameters(), n)));
    }
    return nodes;
  }

  /**
   * Each node of a cluster over several stacks, from the stacks that hold it (by id, which also
   * answers once they are deleted): its volume from its nodes stack's resources, its zone from that
   * stack's template, its subnet from its network stack's template and its address from that
   * stack's outputs, its AMI from what the parent passes. A few calls per child stack.
   */
  private List<Node> nestedNodes(
      ClusterStack cluster,
      TemplateDocument parent,
      Map<String, String> children,
      Map<Integer, String> recordedIps) {
    ClusterLayout layout = ClusterLayout.ofTemplate(parent.root());
    Map<Integer, NodeValues> settings = ClusterLayout.settingsOf(parent.root());
    Map<Integer, String> volumes = new TreeMap<>();
    Map<String, TemplateDocument> templates = new HashMap<>();
    Map<String, Optional<Stack>> networks = new HashMap<>();
    List<Node> nodes = new ArrayList<>();
    for (NodeLayout node : layout.nodes()) {
      String nodesStack = children.get(node.stack());
      String networkStack = children.get(node.eniStack());
      TemplateDocument nodesTemplate =
          templates.computeIfAbsent(
              node.stack(),
              id -> {
                if (nodesStack == null) {
                  return TemplateDocument.of(Map.of());
                }
                volumes.putAll(volumes(cloud.stacks().listStackResources(nodesStack)));
                return cluster.childTemplate(nodesStack);
              });
      TemplateDocument networkTemplate =
          templates.computeIfAbsent(
              node.eniStack(),
              id ->
                  networkStack == null
                      ? TemplateDocument.of(Map.of())
                      : cluster.childTemplate(networkStack));
      Stack network =
          networks
              .computeIfAbsent(
                  node.eniStack(),
                  id ->
                      networkStack == null
                          ? Optional.empty()
                          : cloud.stacks().describeStack(networkStack))
              .orElse(null);
      int n = node.number();
      String ip = network == null ? null : ClusterStack.privateIp(network, n);
      NodeValues values = settings.get(n);
      nodes.add(
          new Node(
              n,
              volumes.get(n),
              ClusterStack.subnet(networkTemplate, n),
              ClusterStack.zone(nodesTemplate, n),
              ip != null ? ip : recordedIps.get(n),
              values == null ? null : values.image()));
    }
    return nodes;
  }

  /** The data volumes among a stack's resources, by node (deleted ones too: their ids stay). */
  private static Map<Integer, String> volumes(List<StackResource> resources) {
    Map<Integer, String> volumes = new TreeMap<>();
    for (StackResource r : resources) {
      if (ClusterLayout.isVolume(r.logicalId())
          && r.physicalId() != null
          && !r.physicalId().isEmpty()) {
        volumes.put(ClusterLayout.nodeOf(r.logicalId()), r.physicalId());
      }
    }
    return volumes;
  }

  /** Tags each data volume with the stack's id and the node's address and AMI (see class doc). */
  private void record(String stackId, List<Node> nodes) {
    // A volume lost outside CloudFormation cannot be tagged; it is reported as having no final
    // snapshot once the stack is gone.
    Set<String> existing = new HashSet<>();
    cloud
        .ec2()
        .describeVolumes(nodes.stream().map(Node::volumeId).filter(v -> v != null).toList())
        .forEach(v -> existing.add(v.id()));
    for (Node n : nodes) {
      if (existing.contains(n.volumeId())) {
        try {
          cloud
              .ec2()
              .createTags(
                  List.of(n.volumeId()),
                  Map.of(RESTORE_TAG, "stack=" + stackId + " ip=" + n.ip() + " ami=" + n.ami()));
        } catch (CloudException e) {
          if (!TAG_LIMIT.equals(e.code())) {
            throw e;
          }
          // Not worth refusing the destroy for: only a run after an interrupted one needs it.
          progress.line(
              "note: %s's volume %s carries the 50 tags EC2 allows, so it cannot"
                  + " record the stack; should this run be interrupted once the stack is deleted,"
                  + " find its final snapshot by volume id",
              ClusterLayout.nodeName(n.node()), n.volumeId());
        }
      }
    }
  }

  /**
   * A stack CloudFormation no longer answers for by name: its id is on the deletion snapshots of
   * its volumes (see {@link #RESTORE_TAG}); the most recently deleted one is this destroy's.
   */
  private Stack deletedStack(String name) {
    Ec2Api.Snapshot newest = null;
    for (Ec2Api.Snapshot s : cloud.ec2().findSnapshots(Map.of(ClusterLayout.clusterTag(), name))) {
      if (field(s.tags().get(RESTORE_TAG), "stack") != null
          && (newest == null || s.startTime().isAfter(newest.startTime()))) {
        newest = s;
      }
    }
    if (newest == null) {
      throw OpsException.notFound(name);
    }
    String stackId = field(newest.tags().get(RESTORE_TAG), "stack");
    return new ClusterStack(cloud, stackId)
        .describe()
        .orElseThrow(() -> OpsException.notFound(name));
  }

  private Map<Integer, String> recordedIps(String name, String stackId) {
    Map<Integer, String> ips = new HashMap<>();
    for (Ec2Api.Snapshot s : cloud.ec2().findSnapshots(Map.of(ClusterLayout.clusterTag(), name))) {
      String record = s.tags().get(RESTORE_TAG);
      String node = s.tags().get(ClusterLayout.nodeTag());
      if (stackId.equals(field(record, "stack")) && node != null && field(record, "ip") != null) {
        ips.put(ClusterLayout.nodeOfTag(node), field(record, "ip"));
      }
    }
    return ips;
  }

  private static String field(String record, String key) {
    if (record == null) {
      return null;
    }
    for (String part : record.split(" ")) {
      if (part.startsWith(key + "=") && !part.equals(key + "=null")) {
        return part.substring(key.length() + 1);
      }
    }
    return null;
  }

  /**
   * When CloudFormation began deleting the stack: its first DELETE_IN_PROGRESS event after its last
   * event of another kind, as CloudFormation timestamps it (the same clock as a snapshot's start
   * time; the local clock may be skewed).
   */
  private Instant deleteBegan(String stackId) {
    Instant began = null;
    // A delete writes a few events per resource; the page or two this asks for reach back past
    // its start, to the stack's last event of another kind.
    for (StackEvent e : cloud.stacks().describeStackEvents(stackId, 4 * resources + 100)) {
      if (!e.isStackEvent()) {
        continue;
      }
      if (!e.status().startsWith("DELETE_")) {
        break;
      }
      if (e.status().equals("DELETE_IN_PROGRESS")) {
        began = e.timestamp();
      }
    }
    if (began == null) {
      throw OpsException.failed(
          "the stack "
              + stackId
              + " has no DELETE_IN_PROGRESS event, so"
              + " its final snapshots cannot be told from earlier ones; run destroy again");
    }
    return began;
  }

  private Result finalSnapshots(String name, Instant began, List<Node> nodes)
      throws InterruptedException {
    List<String> volumeIds = nodes.stream().map(Node::volumeId).filter(v -> v != null).toList();
    Map<String, Ec2Api.Snapshot> byVolume = new HashMap<>();
    for (Ec2Api.Snapshot s : cloud.ec2().snapshotsOfVolumes(volumeIds)) {
      if (s.startTime() != null && !s.startTime().isBefore(began)) {
        byVolume.merge(s.volumeId(), s, (a, b) -> a.startTime().isAfter(b.startTime()) ? a : b);
      }
    }
    Map<String, String> states =
        waitCompleted(
            nodes.stream()
                .map(Node::volumeId)
                .filter(byVolume::containsKey)
                .map(v -> byVolume.get(v).id())
                .toList());
    String set = name + "-final-" + SET_TIME.format(began);
    // The set's name goes on every final snapshot that already carries its cluster and node (the
    // volume's tags, copied) in one CreateTags; a snapshot without them gets all three on its own.
    Map<Node, Ec2Api.Snapshot> usableSnapshots = new LinkedHashMap<>();
    for (Node n : nodes) {
      Ec2Api.Snapshot s = n.volumeId() == null ? null : byVolume.get(n.volumeId());
      if (s != null && "completed".equals(states.get(s.id()))) {
        usableSnapshots.put(n, s);
      }
    }
    boolean named = nameSet(name, set, usableSnapshots);
    List<FinalSnapshot> out = new ArrayList<>();
    for (Node n : nodes) {
      Ec2Api.Snapshot s = n.volumeId() == null ? null : byVolume.get(n.volumeId());
      String state = s == null ? "missing" : states.get(s.id());
      boolean usable = "completed".equals(state);
      out.add(
          new FinalSnapshot(
              n.node(),
              n.subnet(),
              n.zone(),
              n.ip(),
              n.ami(),
              n.volumeId(),
              usable ? s.id() : null,
              state));
    }
    return new Result(named ? set : null, began, out);
  }

  /**
   * Tags the final snapshots with the set's name (and cluster and node where the copy from the
   * volume lacks them); false when one cannot take a tag more (EC2's 50), which it names.
   */
  private boolean nameSet(String name, String set, Map<Node, Ec2Api.Snapshot> snapshots) {
    List<String> tagged = new ArrayList<>();
    Map<Node, Ec2Api.Snapshot> alone = new LinkedHashMap<>();
    snapshots.forEach(
        (n, s) -> {
          String node = ClusterLayout.nodeName(n.node());
          if (name.equals(s.tags().get(ClusterLayout.clusterTag()))
              && node.equals(s.tags().get(ClusterLayout.nodeTag()))) {
            tagged.add(s.id());
          } else {
            alone.put(n, s);
          }
        });
    if (!tagged.isEmpty()) {
      try {
        cloud.ec2().createTags(tagged, Map.of(SnapshotSets.SET_TAG, set));
      } catch (CloudException e) {
        if (!TAG_LIMIT.equals(e.code())) {
          throw e;
        }
        // One of them is full, and EC2 does not say which: each on its own, to name it.
        snapshots.forEach((n, s) -> alone.putIfAbsent(n, s));
      }
    }
    boolean named = true;
    for (Map.Entry<Node, Ec2Api.Snapshot> e : alone.entrySet()) {
      Node n = e.getKey();
      Ec2Api.Snapshot s = e.getValue();
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put(SnapshotSets.SET_TAG, set);
      tags.put(ClusterLayout.clusterTag(), name);
      tags.put(ClusterLayout.nodeTag(), ClusterLayout.nodeName(n.node()));
      try {
        cloud.ec2().createTags(List.of(s.id()), tags);
      } catch (CloudException x) {
        if (!TAG_LIMIT.equals(x.code())) {
          throw x;
        }
        named = false;
        progress.line(
            "note: %s's final snapshot %s carries the 50 tags EC2 allows (the"
                + " volume's, copied), so the set cannot be named; restore by snapshot ids",
            ClusterLayout.nodeName(n.node()), s.id());
      }
    }
    return named;
  }

  /** Polls until every snapshot is completed or failed, with progress, within the limit. */
  private Map<String, String> waitCompleted(List<String> ids) throws InterruptedException {
    return polling.until(
        new Polling.Condition<Map<String, String>>() {
          private List<String> pending = List.of();

          @Override
          public Optional<Map<String, String>> check() {
            Map<String, String> states = new HashMap<>();
            pending = new ArrayList<>();
            for (Ec2Api.Snapshot s : cloud.ec2().describeSnapshots(ids)) {
              states.put(s.id(), s.state());
              if (!"completed".equals(s.state()) && !"error".equals(s.state())) {
                pending.add(s.id() + " " + (s.progress() == null ? s.state() : s.progress()));
              }
            }
            return pending.isEmpty() ? Optional.of(states) : Optional.empty();
          }

          @Override
          public Map<String, String> expired() {
            throw OpsException.failed(
                "final snapshots not completed after "
                    + polling.limit().toMinutes()
                    + " min ("
                    + String.join(", ", pending)
                    + "); EBS goes on: run destroy again to wait for them and name them");
          }

          @Override
          public void waiting() {
            progress.line(
                "  waiting for the final snapshots to complete: %s", String.join(", ", pending));
          }
        },
        Deadline.in(cloud.ticker(), polling.limit()));
  }

  /**
   * The cluster-file lines that bring every node back as it was: its subnet and zone, its address
   * pinned, the AMI it last ran, its data. Only for nodes that all have a final snapshot: a line
   * without one would bring a node back empty.
   */
  public static List<String> restoreLines(List<FinalSnapshot> snapshots) {
    if (snapshots.stream().anyMatch(s -> s.snapshotId() == null)) {
      throw new IllegalArgumentException("a node has no final snapshot");
    }
    List<String> lines = new ArrayList<>();
    lines.add("nodes:");
    for (FinalSnapshot s : snapshots) {
      lines.add("  - subnet: " + s.subnet() + "    # " + ClusterLayout.nodeName(s.node()));
      lines.add("    availabilityZone: " + s.availabilityZone());
      if (s.privateIp() != null) {
        lines.add("    privateIp: " + s.privateIp());
      }
      if (s.ami() != null) {
        lines.add("    ami: " + s.ami());
      }
      lines.add("    snapshot: " + s.snapshotId());
    }
    return lines;
  }

  /** One line per node without a final snapshot: which, why it matters, what is left. */
  public static String missingLine(Result result) {
    List<String> parts = new ArrayList<>();
    for (FinalSnapshot m : result.missing()) {
      parts.add(
          ClusterLayout.nodeName(m.node())
              + " (volume "
              + m.volumeId()
              + ": "
              + ("missing".equals(m.state())
                  ? "no snapshot started after the delete began at "
                      + CLOCK.format(result.deleteBegan())
                  : "its snapshot is " + m.state())
              + ")");
    }
    return "no final snapshot of "
        + String.join(", ", parts)
        + "; restoring would bring "
        + (parts.size() == 1 ? "that node" : "those nodes")
        + " back without data, so no restore"
        + " lines are printed; look for the data elsewhere (an earlier snapshot set, a replica)";
  }
}
