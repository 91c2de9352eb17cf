package dev.statefulcluster.cloud.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * EBS volumes: creation (empty or from a snapshot), attachment, deletion and ModifyVolume with its
 * rules: no shrinking, the type's limits, one modification at a time (the previous one must have
 * completed) and at most four per volume in a rolling 24 hours.
 */
final class Volumes {
  static final int MODIFICATIONS_PER_DAY = 4;

  /** CreateVolume's input. */
  record Spec(
      String availabilityZone,
      Integer size,
      String type,
      Integer iops,
      Integer throughput,
      boolean encrypted,
      String kmsKeyId,
      String snapshotId,
      Map<String, String> tags) {}

  private final SimContext ctx;
  private final Snapshots snapshots;
  private final Supplier<List<String>> zones;
  final Map<String, SimVolume> byId = new LinkedHashMap<>();

  Volumes(SimContext ctx, Snapshots snapshots, Supplier<List<String>> zones) {
    this.ctx = ctx;
    this.snapshots = snapshots;
    this.zones = zones;
  }

  SimVolume get(String id) {
    SimVolume v = byId.get(id);
    if (v == null) {
      throw ApiErrors.service("InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
    }
    return v;
  }

  /** CreateVolume: state creating; {@code onAvailable} runs once it is available. */
  SimVolume create(Spec spec, Runnable onAvailable) {
    if (spec.availabilityZone() == null) {
      throw ApiErrors.service(
          "MissingParameter", "The request must contain the parameter availabilityZone");
    }
    if (!zones.get().contains(spec.availabilityZone())) {
      throw ApiErrors.service(
          "InvalidParameterValue", "Invalid availability zone: [" + spec.availabilityZone() + "]");
    }
    SimSnapshot snapshot = spec.snapshotId() == null ? null : snapshots.get(spec.snapshotId());
    if (snapshot != null && !snapshot.state.equals("completed")) {
      throw ApiErrors.service("IncorrectState", "Snapshot is in invalid state - " + snapshot.state);
    }
    Integer size =
        spec.size() != null
            ? spec.size()
            : snapshot != null ? Integer.valueOf(snapshot.size) : null;
    if (size == null) {
      throw ApiErrors.service(
          "MissingParameter", "The request must contain the parameter size or snapshotId");
    }
    if (snapshot != null && size < snapshot.size) {
      throw ApiErrors.service(
          "InvalidParameterValue",
          "Volume of size "
              + size
              + " is smaller than snapshot '"
              + snapshot.id
              + "', expect size >= "
              + snapshot.size);
    }
    EbsLimits.Config config = EbsLimits.check(spec.type(), size, spec.iops(), spec.throughput());
    boolean encrypted = spec.encrypted() || (snapshot != null && snapshot.encrypted);
    String kms = spec.kmsKeyId() != null ? spec.kmsKeyId() : encrypted ? "alias/aws/ebs" : null;
    SimVolume v =
        new SimVolume(
            ctx.ids().next("vol"),
            spec.availabilityZone(),
            encrypted,
            kms,
            spec.snapshotId(),
            ctx.clock().now());
    v.size = config.size();
    v.type = config.type();
    v.iops = config.iops();
    v.throughput = config.throughput();
    v.tags.putAll(spec.tags());
    v.data = snapshot == null ? "" : snapshot.data;
    byId.put(v.id, v);
    ctx.after(
        snapshot == null ? SimLatencies.Step.VOLUME : SimLatencies.Step.VOLUME_FROM_SNAPSHOT,
        () -> {
          if (v.state.equals("creating")) {
            v.state = v.attachedTo == null ? "available" : "in-use";
          }
          onAvailable.run();
        });
    return v;
  }

  /**
   * ModifyVolume; null arguments keep the current value. {@code onOptimizing} runs when the new
   * configuration is usable.
   */
  SimModification modify(
      String id,
      String type,
      Integer size,
      Integer iops,
      Integer throughput,
      Runnable onOptimizing) {
    SimVolume v = get(id);
    SimModification last = v.latestModification();
    if (last != null && !last.finished()) {
      throw ApiErrors.service(
          "IncorrectModificationState",
          "Volume " + id + " cannot be modified in modification state " + last.state.toUpperCase());
    }
    Instant now = ctx.clock().now();
    long recent =
        v.modifications.stream()
            .filter(m -> m.start.isAfter(now.minus(Duration.ofHours(24))))
            .count();
    if (recent >= MODIFICATIONS_PER_DAY) {
      throw ApiErrors.service(
          "VolumeModificationRateExceeded",
          "You've reached the maximum modification rate per volume limit: at most "
              + MODIFICATIONS_PER_DAY
              + " modifications per EBS volume in a rolling 24-hour period.");
    }
    int newSize = size != null ? size : v.size;
    if (newSize < v.size) {
      throw ApiErrors.service(
          "InvalidParameterValue", "New size cannot be smaller than existing size");
    }
    String newType = type != null ? type : v.type;
    boolean sameFamily = newType.equals(v.type);
    EbsLimits.Config target =
        EbsLimits.check(
            newType,
            newSize,
            iops != null ? iops : sameFamily ? v.iops : null,
            throughput != null ? throughput : sameFamily ? v.throughput : null);
    if (target.equals(v.config())) {
      throw ApiErrors.service(
          "InvalidParameterValue", "Volume " + id + " already has the requested configuration");
    }
    SimModification m = new SimModification(id, v.config(), target, now);
    v.modifications.add(m);
    ctx.after(
        SimLatencies.Step.VOLUME_MODIFYING,
        () -> {
          m.state = "optimizing";
          m.optimizingSince = ctx.clock().now();
          m.optimizingFor =
              ctx.latency(SimLatencies.Step.VOLUME_OPTIMIZING_PER_GIB).multipliedBy(target.size());
          v.size = target.size();
          v.type = target.type();
          v.iops = target.iops();
          v.throughput = target.throughput();
          ctx.clock()
              .schedule(
                  m.optimizingFor,
                  () -> {
                    m.state = "completed";
                    m.end = ctx.clock().now();
                  });
          onOptimizing.run();
        });
    return m;
  }

  void attach(SimVolume v, String instanceId, String instanceAz, String device) {
    if (v.attachedTo != null) {
      throw ApiErrors.service("VolumeInUse", v.id + " is already attached to an instance");
    }
    if (!v.state.equals("available")) {
      throw ApiErrors.service("IncorrectState", "The volume '" + v.id + "' is not 'available'.");
    }
    if (!v.availabilityZone.equals(instanceAz)) {
      throw ApiErrors.service(
          "InvalidVolume.ZoneMismatch",
          "The volume '"
              + v.id
              + "' is not in the same availability zone as instance '"
              + instanceId
              + "'");
    }
    if (v.modifying()) {
      throw ApiErrors.service(
          "IncorrectState",
          "Cannot attach volume " + v.id + " when it is in modification state: MODIFYING");
    }
    v.attachedTo = instanceId;
    v.device = device;
    v.state = "in-use";
  }

  void detach(SimVolume v) {
    v.attachedTo = null;
    v.device = null;
    v.deleteOnTermination = false;
    if (v.state.equals("in-use")) {
      v.state = "available";
    }
  }

  /** DeleteVolume: refused while attached; the volume disappears after the delete latency. */
  void delete(String id, Runnable onDeleted) {
    SimVolume v = byId.get(id);
    if (v == null) {
      onDeleted.run();
      return;
    }
    if (v.attachedTo != null) {
      throw ApiErrors.service(
          "VolumeInUse", "Volume " + id + " is currently attached to " + v.attachedTo);
    }
    v.state = "deleting";
    ctx.after(
        SimLatencies.Step.VOLUME_DELETE,
        () -> {
          byId.remove(id);
          onDeleted.run();
        });
  }
}
