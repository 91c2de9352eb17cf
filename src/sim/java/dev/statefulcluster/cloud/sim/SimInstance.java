package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.Ec2Api;
import java.time.Duration;
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

  /** When it last became running: status checks are initializing for a while from then. */
  Instant runningSince;

  /**
   * Since when its system status check (the host: power, network, hardware) or instance status
   * check (its own kernel, network configuration, memory) fails; null while it passes. A stop and
   * start moves the instance to another host and runs the checks afresh, which clears both.
   */
  Instant systemImpairedSince;

  Instant instanceImpairedSince;

  /** Maintenance EC2 scheduled for it (retirement, reboot…), as DescribeInstanceStatus lists it. */
  final List<Ec2Api.ScheduledEvent> events = new ArrayList<>();

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

  /**
   * DescribeInstanceStatus' view at {@code now}: only a running instance is checked; any other
   * state reports not-applicable for both checks (IncludeAllInstances). A check is initializing
   * until {@code checksTake} after the instance became running, then ok unless it failed.
   */
  Ec2Api.InstanceStatus status(Instant now, Duration checksTake) {
    if (!state.equals("running")) {
      return new Ec2Api.InstanceStatus(id, state, "not-applicable", "not-applicable", events);
    }
    boolean initializing = runningSince != null && now.isBefore(runningSince.plus(checksTake));
    String passing = initializing ? "initializing" : "ok";
    return new Ec2Api.InstanceStatus(
        id,
        state,
        systemImpairedSince != null ? "impaired" : passing,
        instanceImpairedSince != null ? "impaired" : passing,
        events);
  }

  boolean live() {
    return !state.equals("terminated");
  }

  String tag(String key) {
    return tags.get(key);
  }
}
