package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.ops.cluster.StackNodes;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nodes' volumes as EBS has them, which can differ from the template: CloudFormation does not
 * shrink a volume when it rolls back an update that grew it, so after such a rollback the volume
 * stays larger than its template (AWS::EC2::Volume reference). What EBS can still do (grow, never
 * shrink) is measured against the real size.
 */
final class VolumeSizes {
  /** A volume's real size in GiB and the state of its latest modification (null: none). */
  record Live(int size, String modification, Long progress) {
    /** EBS takes no new modification until this one completed. */
    boolean modifying() {
      return "modifying".equals(modification) || "optimizing".equals(modification);
    }
  }

  private VolumeSizes() {}

  /** Node number to real size in GiB, for the volumes that exist; one DescribeVolumes. */
  static Map<Integer, Integer> of(Cloud cloud, Map<Integer, String> volumeIds) {
    Map<Integer, Integer> out = new TreeMap<>();
    if (volumeIds.isEmpty()) {
      return out;
    }
    Map<String, Integer> byId = new HashMap<>();
    for (Ec2Api.Volume v : cloud.ec2().describeVolumes(volumeIds.values())) {
      byId.put(v.id(), v.size());
    }
    volumeIds.forEach(
        (node, id) -> {
          if (byId.containsKey(id)) {
            out.put(node, byId.get(id));
          }
        });
    return out;
  }

  /**
   * A cluster's volumes by node, read from its stack's resources: size and last modification
   * (ListStackResources, DescribeVolumes, DescribeVolumesModifications).
   */
  static Map<Integer, Live> live(Cloud cloud, String name) {
    Map<Integer, String> volumeIds =
        StackNodes.of(cloud.stacks().listStackResources(name)).volumes();
    Map<Integer, Integer> sizes = of(cloud, volumeIds);
    Map<String, Ec2Api.VolumeModification> mods = new HashMap<>();
    if (!sizes.isEmpty()) {
      for (Ec2Api.VolumeModification m :
          cloud.ec2().describeVolumesModifications(volumeIds.values())) {
        mods.put(m.volumeId(), m);
      }
    }
    Map<Integer, Live> out = new TreeMap<>();
    sizes.forEach(
        (node, size) -> {
          Ec2Api.VolumeModification m = mods.get(volumeIds.get(node));
          out.put(
              node, new Live(size, m == null ? null : m.state(), m == null ? null : m.progress()));
        });
    return out;
  }
}
