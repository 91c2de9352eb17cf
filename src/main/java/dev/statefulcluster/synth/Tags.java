package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tags resources carry. A volume's tags are copied to its final snapshot, so the cluster and
 * node tags are what lets {@code destroy} and {@code restore} find a node's data again: volumes
 * keep them. A node's interface and instance carry only their {@code Name}: nothing reads more from
 * them, and CloudFormation tags them with the stack's name and their logical id itself (the two
 * tags cost 200 bytes a node). The file's own tags are not written here: deploy sets them as the
 * stack's tags, which CloudFormation puts on every resource it creates or updates.
 */
final class Tags {
  private Tags() {}

  static List<Object> cluster(ClusterSpec spec, String nameSuffix) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Name", spec.name() + "-" + nameSuffix);
    tags.put(Names.TAG_CLUSTER, spec.name());
    return list(tags);
  }

  static List<Object> node(ClusterSpec spec, int node) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Name", spec.name() + "-" + Names.nodeName(node));
    tags.put(Names.TAG_CLUSTER, spec.name());
    tags.put(Names.TAG_NODE, Names.nodeName(node));
    return list(tags);
  }

  /** The name alone, for a node's interface and instance. */
  static List<Object> name(ClusterSpec spec, int node) {
    return list(Map.of("Name", spec.name() + "-" + Names.nodeName(node)));
  }

  private static List<Object> list(Map<String, String> tags) {
    List<Object> out = new ArrayList<>();
    tags.forEach(
        (k, v) -> {
          Map<String, Object> tag = new LinkedHashMap<>();
          tag.put("Key", k);
          tag.put("Value", v);
          out.add(tag);
        });
    return out;
  }
}
