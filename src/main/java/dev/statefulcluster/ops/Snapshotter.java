package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.synth.Names;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * snapshot: one snapshot of every node's data volume, tagged as one set (cluster, node, set, time)
 * so that {@code deploy --from-snapshots SET} can give node i its data back.
 */
public final class Snapshotter {
  private static final DateTimeFormatter SET_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** A node's snapshot in a set. */
  public record Member(int node, String volumeId, String snapshotId, String state) {}

  public record SnapshotSet(String name, List<Member> members) {}

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
    cloud.stacks().describeStack(cluster).orElseThrow(() -> OpsException.notFound(cluster));
    Map<Integer, String> volumes =
        StackNodes.of(cloud.stacks().listStackResources(cluster)).volumes();
    Instant now = cloud.ticker().now();
    String set = cluster + "-" + SET_TIME.format(now);
    Map<Integer, String> snapshots = new TreeMap<>();
    for (Map.Entry<Integer, String> v : volumes.entrySet()) {
      Map<String, String> tags = new LinkedHashMap<>(extraTags);
      tags.put("Name", cluster + "-" + Names.nodeName(v.getKey()) + "-" + SET_TIME.format(now));
      tags.put(Names.TAG_CLUSTER, cluster);
      tags.put(Names.TAG_NODE, Names.nodeName(v.getKey()));
      tags.put(SnapshotSets.SET_TAG, set);
      String id = cloud.ec2().createSnapshot(v.getValue(), "stateful-cluster " + set + " "
          + Names.nodeName(v.getKey()), tags);
      snapshots.put(v.getKey(), id);
      progress.line("  %s  %s -> %s", Names.nodeName(v.getKey()), v.getValue(), id);
    }
    Map<String, String> states = waitCompleted(new ArrayList<>(snapshots.values()));
    List<Member> members = new ArrayList<>();
    snapshots.forEach((n, id) -> members.add(new Member(n, volumes.get(n), id, states.get(id))));
    return new SnapshotSet(set, members);
  }

  private Map<String, String> waitCompleted(List<String> ids) throws InterruptedException {
    Duration wait = null;
    Instant deadline = cloud.ticker().now().plus(polling.limit());
    while (true) {
      Map<String, String> states = new LinkedHashMap<>();
      List<String> progressLine = new ArrayList<>();
      for (Ec2Api.Snapshot s : cloud.ec2().describeSnapshots(ids)) {
        states.put(s.id(), s.state());
        progressLine.add(s.id() + " " + s.state() + (s.progress() == null ? ""
            : " " + s.progress()));
        if ("error".equals(s.state())) {
          throw OpsException.failed("snapshot " + s.id() + " of " + s.volumeId() + " failed");
        }
      }
      if (states.size() == ids.size() && states.values().stream().allMatch("completed"::equals)) {
        return states;
      }
      if (cloud.ticker().now().isAfter(deadline)) {
        throw OpsException.failed("snapshots not completed in time: " + progressLine);
      }
      progress.line("  waiting: %s", String.join(", ", progressLine));
      wait = polling.next(wait, false);
      cloud.ticker().sleep(wait);
    }
  }
}
