package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.Ec2Api;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An EBS snapshot: a copy of a volume's size, encryption, tags and data. */
final class SimSnapshot {
  final String id;
  final String volumeId;
  final int size;
  final boolean encrypted;
  final String kmsKeyId;
  final Instant start;
  final String description;
  final Map<String, String> tags = new LinkedHashMap<>();
  final String data;

  /** pending, completed. */
  String state = "pending";

  Instant completesAt;

  SimSnapshot(
      String id,
      String volumeId,
      int size,
      boolean encrypted,
      String kmsKeyId,
      Instant start,
      String description,
      String data) {
    this.id = id;
    this.volumeId = volumeId;
    this.size = size;
    this.encrypted = encrypted;
    this.kmsKeyId = kmsKeyId;
    this.start = start;
    this.description = description;
    this.data = data;
  }

  Ec2Api.Snapshot view(Instant now) {
    String progress = "100%";
    if (state.equals("pending")) {
      long total = Math.max(1, Duration.between(start, completesAt).toMillis());
      progress = Math.min(99, Duration.between(start, now).toMillis() * 100 / total) + "%";
    }
    return new Ec2Api.Snapshot(
        id, volumeId, state, progress, size, encrypted, kmsKeyId, start, description, tags);
  }
}
