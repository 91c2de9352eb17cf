package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.Ec2Api;
import java.time.Duration;
import java.time.Instant;

/** One ModifyVolume: modifying → optimizing (new configuration usable) → completed. */
final class SimModification {
  final String volumeId;
  final EbsLimits.Config original;
  final EbsLimits.Config target;
  final Instant start;

  /** modifying, optimizing, completed. */
  String state = "modifying";

  Instant optimizingSince;
  Duration optimizingFor;
  Instant end;

  SimModification(
      String volumeId, EbsLimits.Config original, EbsLimits.Config target, Instant start) {
    this.volumeId = volumeId;
    this.original = original;
    this.target = target;
    this.start = start;
  }

  boolean finished() {
    return state.equals("completed") || state.equals("failed");
  }

  Ec2Api.VolumeModification view(Instant now) {
    long progress;
    if (state.equals("completed")) {
      progress = 100;
    } else if (state.equals("optimizing")) {
      long elapsed = Duration.between(optimizingSince, now).toMillis();
      progress = Math.min(99, elapsed * 100 / Math.max(1, optimizingFor.toMillis()));
    } else {
      progress = 0;
    }
    return new Ec2Api.VolumeModification(
        volumeId,
        state,
        null,
        target.size(),
        target.iops(),
        target.throughput(),
        target.type(),
        original.size(),
        original.iops(),
        original.throughput(),
        original.type(),
        progress,
        start,
        end);
  }
}
