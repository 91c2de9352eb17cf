package dev.statefulcluster.ops.cluster;

import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.synth.ClusterLayout;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The physical ids of a stack's per-node resources, by node number, from one ListStackResources:
 * node 2's volume is {@code volumes().get(2)}. Deleted resources are left out.
 */
public record StackNodes(
    Map<Integer, String> enis, Map<Integer, String> volumes, Map<Integer, String> instances) {

  public static StackNodes of(List<StackResource> resources) {
    Map<Integer, String> enis = new TreeMap<>();
    Map<Integer, String> volumes = new TreeMap<>();
    Map<Integer, String> instances = new TreeMap<>();
    for (StackResource r : resources) {
      int n = ClusterLayout.nodeOf(r.logicalId());
      if (n == 0 || r.physicalId() == null || r.status().startsWith("DELETE_COMPLETE")) {
        continue;
      }
      if (ClusterLayout.isEni(r.logicalId())) {
        enis.put(n, r.physicalId());
      } else if (ClusterLayout.isVolume(r.logicalId())) {
        volumes.put(n, r.physicalId());
      } else if (ClusterLayout.isInstance(r.logicalId())) {
        instances.put(n, r.physicalId());
      }
    }
    return new StackNodes(
        Collections.unmodifiableMap(enis),
        Collections.unmodifiableMap(volumes),
        Collections.unmodifiableMap(instances));
  }
}
