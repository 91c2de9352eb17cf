package dev.statefulcluster.cloud.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An EBS volume. Size, type, IOPS and throughput are what the volume offers now: a modification
 * changes them once it reaches optimizing. {@code data} stands for the bytes on the volume.
 */
final class SimVolume {
  final String id;
  final String availabilityZone;
  final boolean encrypted;
  final String kmsKeyId;
  final String snapshotId;
  final Instant created;
  final Map<String, String> tags = new LinkedHashMap<>();
  final List<SimModification> modifications = new ArrayList<>();
  int size;
  String type;
  Integer iops;
  Integer throughput;
  boolean autoEnableIo;

  /** creating, available, in-use, deleting. */
  String state = "creating";

  String attachedTo;
  String device;
  boolean deleteOnTermination;
  String data = "";

  SimVolume(
      String id,
      String az,
      boolean encrypted,
      String kmsKeyId,
      String snapshotId,
      Instant created) {
    this.id = id;
    this.availabilityZone = az;
    this.encrypted = encrypted;
    this.kmsKeyId = kmsKeyId;
    this.snapshotId = snapshotId;
    this.created = created;
  }

  EbsLimits.Config config() {
    return new EbsLimits.Config(type, size, iops, throughput);
  }

  SimModification latestModification() {
    return modifications.isEmpty() ? null : modifications.get(modifications.size() - 1);
  }

  boolean modifying() {
    SimModification m = latestModification();
    return m != null && m.state.equals("modifying");
  }
}
