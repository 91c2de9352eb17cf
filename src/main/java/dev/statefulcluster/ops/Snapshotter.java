package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.cluster.StackNodes;
import dev.statefulcluster.ops.core.Deadline;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.synth.ClusterLayout;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * snapshot: one snapshot of every node's data volume, tagged as one set (cluster, node, set, time)
 * so that {@code deploy --from-snapshots SET} can give node i its data back.
 *
 * <p>Made so that nothing is duplicated when a call is retried or the tool is run again: each
 * snapshot is created with {@link #PART_TAG} naming its set, and only once every node's snapshot is
 * completed are they all given the set tag ({@link SnapshotSets#SET_TAG}) in one CreateTags. So a
 * set is usable by name only when whole, with exactly one snapshot per node: a second snapshot that
 * a retried CreateSnapshot made (it times out or fails after EBS took it) never joins it. Run again
 * after being interrupted, snapshot carries on with the set left unfinished, reusing the snapshots
 * already taken, rather than leaving a half set behind and starting another: a set with every
 * node's snapshot taken only waits and gets its name, whenever it was begun; a set missing some is
 * carried on only if begun less than {@link #RESUME_WITHIN} ago, since the snapshots it has would
 * be too old beside the ones taken now.
 */
public final class Snapshotter {
  private static final DateTimeFormatter SET_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** On each snapshot from its creation: the set it is being made for. */
  public static final String PART_TAG = "stateful-cluster:snapshot-set-part";

  /** An unfinished set older than this is left alone: its snapshots are too old to join. */
  static final Duration RESUME_WITHIN = Duration.ofHours(1);

  /** A node's snapshot in a set. */
  public record Member(int node, String volumeId, String snapshotId, String state) {}

  /**
   * {@code duplicates}: snapshots a retried CreateSnapshot made twice, left out of the set; {@code
   * resumed}: the set was begun by an earlier, interrupted run.
   */
  public record SnapshotSet(
      String name, List<Member> members, List<String> duplicates, boolean resumed) {}

  private final Cloud cloud;
  private final Polling polling;
  private final Progress progress;

  public Snapshotter(Cloud cloud, Polling polling, Progress progress) {
    this.cloud = cloud;
    this.polling = polling;
    this.progress = progress;
  }

  public SnapshotSet snapshot(String cluster, Map<String, String> extraTags)
      throws InterruptedException {
    ClusterStack stack = new ClusterStack(cloud, cluster);
    stack.describeOrNotFound();
    Map<Integer, String> volumes = volumes(stack, cloud.stacks().listStackResources(cluster));
    Instant now = cloud.ticker().now();
    List<Ec2Api.Snapshot> earlier = cloud.ec2().snapshotsOfVolumes(volumes.values());
    String set = unfinishedSet(earlier, volumes.values(), now);
    boolean resumed = set != null;
    if (resumed) {
      progress.line("carrying on with snapshot set %s, left unfinished by an interrupted run", set);
    } else {
      set = cluster + "-" + SET_TIME.format(now);
    }
    Map<Integer, String> snapshots = new TreeMap<>();
    List<String> duplicates = new ArrayList<>();
    Set<String> created = new java.util.LinkedHashSet<>();
    for (Map.Entry<Integer, String> v : volumes.entrySet()) {
      String node = ClusterLayout.nodeName(v.getKey());
      List<Ec2Api.Snapshot> parts = partsOf(earlier, set, v.getValue());
      String id;
      if (!parts.isEmpty()) {
        id = parts.get(0).id();
        progress.line("  %s  %s -> %s (taken before)", node, v.getValue(), id);
      } else {
        Map<String, String> tags = new LinkedHashMap<>(extraTags);
        tags.put("Name", cluster + "-" + node + "-" + SET_TIME.format(now));
        tags.put(ClusterLayout.clusterTag(), cluster);
        tags.put(ClusterLayout.nodeTag(), node);
        tags.put(PART_TAG, set);
        id = cloud.ec2().createSnapshot(v.getValue(), "stateful-cluster " + set + " " + node, tags);
        progress.line("  %s  %s -> %s", node, v.getValue(), id);
        created.add(v.getValue());
      }
      duplicates.addAll(others(parts, id));
      snapshots.put(v.getKey(), id);
    }
    // A retried CreateSnapshot's second snapshot shows in one read of every volume just snapshot
    // (in batches), rather than one read per node.
    if (!created.isEmpty()) {
      List<Ec2Api.Snapshot> after = cloud.ec2().snapshotsOfVolumes(created);
      for (Map.Entry<Integer, String> v : volumes.entrySet()) {
        if (created.contains(v.getValue())) {
          duplicates.addAll(others(partsOf(after, set, v.getValue()), snapshots.get(v.getKey())));
        }
      }
    }
    Map<String, String> states = waitCompleted(new ArrayList<>(snapshots.values()));
    cloud.ec2().createTags(snapshots.values(), Map.of(SnapshotSets.SET_TAG, set));
    List<Member> members = new ArrayList<>();
    snapshots.forEach((n, id) -> members.add(new Member(n, volumes.get(n), id, states.get(id))));
    return new SnapshotSet(set, members, duplicates, resumed);
  }

  /**
   * Every node's volume: from the stack's resources, or for a cluster over several stacks from its
   * children's (one ListStackResources each), so the calls grow with the stacks, not the nodes.
   */
  static Map<Integer, String> volumes(ClusterStack stack, List<StackResource> parentResources) {
    Map<String, String> children = ClusterStack.children(parentResources);
    return children.isEmpty()
        ? StackNodes.of(parentResources).volumes()
        : stack.nodesChildNodes(children).volumes();
  }

  /**
   * The newest set some snapshots were made for but none was given the set tag, and that is worth
   * carrying on (see the class doc); null when there is none.
   */
  private static String unfinishedSet(
      List<Ec2Api.Snapshot> earlier, Collection<String> volumes, Instant now) {
    Map<String, Instant> begun = new TreeMap<>();
    Map<String, Set<String>> covered = new HashMap<>();
    Set<String> finished = new HashSet<>();
    for (Ec2Api.Snapshot s : earlier) {
      String part = s.tags().get(PART_TAG);
      if (part != null) {
        begun.merge(part, s.startTime(), (a, b) -> a.isBefore(b) ? a : b);
        covered.computeIfAbsent(part, k -> new HashSet<>()).add(s.volumeId());
      }
      if (s.tags().containsKey(SnapshotSets.SET_TAG)) {
        finished.add(s.tags().get(SnapshotSets.SET_TAG));
      }
    }
    String newest = null;
    for (Map.Entry<String, Instant> b : begun.entrySet()) {
      boolean taken = covered.get(b.getKey()).containsAll(volumes);
      if (!finished.contains(b.getKey())
          && (taken || b.getValue().isAfter(now.minus(RESUME_WITHIN)))
          && (newest == null || b.getValue().isAfter(begun.get(newest)))) {
        newest = b.getKey();
      }
    }
    return newest;
  }

  /** The ids of {@code parts} other than {@code id}. */
  private static List<String> others(List<Ec2Api.Snapshot> parts, String id) {
    return parts.stream().map(Ec2Api.Snapshot::id).filter(p -> !p.equals(id)).toList();
  }

  /** The snapshots of a volume made for a set, the first one taken first. */
  private static List<Ec2Api.Snapshot> partsOf(
      List<Ec2Api.Snapshot> snapshots, String set, String volumeId) {
    return snapshots.stream()
        .filter(s -> volumeId.equals(s.volumeId()) && set.equals(s.tags().get(PART_TAG)))
        .sorted(Comparator.comparing(Ec2Api.Snapshot::startTime).thenComparing(Ec2Api.Snapshot::id))
        .toList();
  }

  private Map<String, String> waitCompleted(List<String> ids) throws InterruptedException {
    return polling.until(
        new Polling.Condition<Map<String, String>>() {
          private List<String> progressLine = List.of();

          @Override
          public Optional<Map<String, String>> check() {
            Map<String, String> states = new LinkedHashMap<>();
            progressLine = new ArrayList<>();
            for (Ec2Api.Snapshot s : cloud.ec2().describeSnapshots(ids)) {
              states.put(s.id(), s.state());
              progressLine.add(
                  s.id() + " " + s.state() + (s.progress() == null ? "" : " " + s.progress()));
              if ("error".equals(s.state())) {
                throw OpsException.failed("snapshot " + s.id() + " of " + s.volumeId() + " failed");
              }
            }
            boolean completed =
                states.size() == ids.size()
                    && states.values().stream().allMatch("completed"::equals);
            return completed ? Optional.of(states) : Optional.empty();
          }

          @Override
          public Map<String, String> expired() {
            throw OpsException.failed(
                "snapshots not completed after "
                    + polling.limit().toHours()
                    + " h: "
                    + progressLine
                    + "; EBS goes on: run snapshot again to wait for them and"
                    + " name the set");
          }

          @Override
          public void waiting() {
            progress.line("  waiting: %s", String.join(", ", progressLine));
          }
        },
        Deadline.in(cloud.ticker(), polling.limit()));
  }
}
