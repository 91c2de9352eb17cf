package dev.statefulcluster.cloud.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A network interface: a fixed private IP in a subnet, and the instance it is attached to. */
final class SimEni {
  final String id;
  final String subnetId;
  final String vpcId;
  final String availabilityZone;
  final String privateIp;
  final List<String> groupIds = new ArrayList<>();
  final Map<String, String> tags = new LinkedHashMap<>();
  String description;
  boolean sourceDestCheck = true;
  String attachedTo;
  int deviceIndex;
  boolean deleteOnTermination;

  SimEni(String id, String subnetId, String vpcId, String availabilityZone, String privateIp) {
    this.id = id;
    this.subnetId = subnetId;
    this.vpcId = vpcId;
    this.availabilityZone = availabilityZone;
    this.privateIp = privateIp;
  }

  String status() {
    return attachedTo == null ? "available" : "in-use";
  }
}
