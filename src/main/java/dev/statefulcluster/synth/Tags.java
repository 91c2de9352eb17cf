package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tags every resource carries. A volume's tags are copied to its final snapshot, so cluster and
 * node tags are what lets {@code destroy} and {@code restore} find a node's data again. The file's
 * own tags are not written here: deploy sets them as the stack's tags, which CloudFormation puts on
 * every resource it creates or updates (about 100 bytes a tag a node kept out of the template).
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
