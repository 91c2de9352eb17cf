package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sizes the nodes' volumes really have, which can exceed what the template says:
 * CloudFormation does not shrink a volume when it rolls back an update that grew it, so after such
 * a rollback the volume stays larger than its template (AWS::EC2::Volume reference). What EBS
 * can still do (grow, never shrink) is measured against the real size.
 */
final class VolumeSizes {
  private VolumeSizes() {}

  /** Node number to size in GiB, for the volumes that exist; one DescribeVolumes. */
  static Map<Integer, Integer> of(Cloud cloud, Map<Integer, String> volumeIds) {
    Map<Integer, Integer> out = new TreeMap<>();
    if (volumeIds.isEmpty()) {
      return out;
    }
    Map<String, Integer> byId = new java.util.HashMap<>();
    for (Ec2Api.Volume v : cloud.ec2().describeVolumes(volumeIds.values())) {
      byId.put(v.id(), v.size());
    }
    volumeIds.forEach((node, id) -> {
      if (byId.containsKey(id)) {
        out.put(node, byId.get(id));
      }
    });
    return out;
  }

  /** A cluster's real volume sizes by node, read from its stack's resources. */
  static Map<Integer, Integer> of(Cloud cloud, String name) {
    return of(cloud, StackNodes.of(cloud.stacks().listStackResources(name)).volumes());
  }
}
