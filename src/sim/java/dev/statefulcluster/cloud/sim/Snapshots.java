package dev.statefulcluster.cloud.sim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** EBS snapshots: pending until the snapshot latency has passed, then completed. */
final class Snapshots {
  private final SimContext ctx;
  final Map<String, SimSnapshot> byId = new LinkedHashMap<>();

  Snapshots(SimContext ctx) {
    this.ctx = ctx;
  }

  SimSnapshot get(String id) {
    SimSnapshot s = byId.get(id);
    if (s == null) {
      throw ApiErrors.service(
          "InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
    }
    return s;
  }

  /** A completed snapshot that exists before the scenario starts. */
  SimSnapshot addCompleted(
      String id, int size, boolean encrypted, Map<String, String> tags, String data) {
    if (byId.containsKey(id)) {
      throw new IllegalArgumentException("snapshot " + id + " already exists");
    }
    Instant now = ctx.clock().now();
    SimSnapshot s =
        new SimSnapshot(id, "vol-ffffffff", size, encrypted, null, now, "fixture", data);
    s.tags.putAll(tags);
    s.state = "completed";
    s.completesAt = now;
    byId.put(id, s);
    return s;
  }

  /** CreateSnapshot: copies the volume now; {@code onCompleted} runs when it is completed. */
  SimSnapshot create(
      SimVolume v, String description, Map<String, String> tags, Runnable onCompleted) {
    Instant now = ctx.clock().now();
    SimSnapshot s =
        new SimSnapshot(
            ctx.ids().next("snap"),
            v.id,
            v.size,
            v.encrypted,
            v.kmsKeyId,
            now,
            description,
            v.data);
    s.tags.putAll(tags);
    s.completesAt = now.plus(ctx.latency(SimLatencies.Step.SNAPSHOT));
    byId.put(s.id, s);
    ctx.after(
        SimLatencies.Step.SNAPSHOT,
        () -> {
          s.state = "completed";
          if (onCompleted != null) {
            onCompleted.run();
          }
        });
    return s;
  }
}
