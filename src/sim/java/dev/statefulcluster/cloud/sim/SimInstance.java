package dev.statefulcluster.cloud.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An EC2 instance with its interfaces, volumes, tags and serial console text. */
final class SimInstance {
  final String id;
  final String imageId;
  final String availabilityZone;
  final String vpcId;
  final String subnetId;
  final String privateIp;
  final Instant launchTime;
  final List<String> eniIds = new ArrayList<>();

  /** Attached volumes, root first, in attachment order. */
  final List<String> volumeIds = new ArrayList<>();

  /** The volumes attached through the Volumes property: the node's data disks. */
  final List<String> dataVolumeIds = new ArrayList<>();

  final Map<String, String> tags = new LinkedHashMap<>();
  final StringBuilder console = new StringBuilder();
  String instanceType;
  String keyName;
  String profile;
  String rootVolumeId;
  boolean disableApiTermination;

  /** pending, running, stopping, stopped, shutting-down, terminated. */
  String state = "pending";

  Instant bootedAt;

  SimInstance(
      String id,
      String imageId,
      String az,
      String vpcId,
      String subnetId,
      String privateIp,
      Instant launchTime) {
    this.id = id;
    this.imageId = imageId;
    this.availabilityZone = az;
    this.vpcId = vpcId;
    this.subnetId = subnetId;
    this.privateIp = privateIp;
    this.launchTime = launchTime;
  }

  boolean live() {
    return !state.equals("terminated");
  }

  String tag(String key) {
    return tags.get(key);
  }
}
