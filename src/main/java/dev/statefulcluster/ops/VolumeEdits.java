package dev.statefulcluster.ops;

import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NodeLayout;
import dev.statefulcluster.synth.ResourceProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Edits a deployed template for grow: each changed node's volume properties, and the size its
 * cfn-hup grow command waits for. Nothing else in the template changes, so the change set can only
 * modify volumes and instance metadata.
 */
final class VolumeEdits {
  private VolumeEdits() {}

  static Map<String, Object> apply(TemplateDocument template, List<VolumeChange> changes) {
    Map<String, Object> root = deepCopy(template.root());
    TemplateDocument copy = TemplateDocument.of(root);
    for (VolumeChange c : changes) {
      if (!c.changes()) {
        continue;
      }
      NodeLayout node = ClusterLayout.node(c.node());
      Map<String, Object> volume = copy.properties(node.volume());
      volume.put(node.volumeSize().property(), c.newSize());
      put(volume, node.volumeIops().property(), c.newIops());
      put(volume, node.volumeThroughput().property(), c.newThroughput());
      if (copy.hasResource(node.instance())) {
        setGrowSize(
            TemplateDocument.map(
                TemplateDocument.map(copy.resources().get(node.instance()))
                    .get(ResourceProperties.METADATA)),
            c.newSize());
      }
    }
    return root;
  }

  /**
   * A deployed parent template with the nested stacks {@code urls} names reading their templates
   * from the given URLs; nothing else changes.
   */
  static Map<String, Object> withTemplateUrls(TemplateDocument parent, Map<String, String> urls) {
    Map<String, Object> root = deepCopy(parent.root());
    TemplateDocument copy = TemplateDocument.of(root);
    urls.forEach((id, url) -> copy.properties(id).put(ResourceProperties.TEMPLATE_URL, url));
    return root;
  }

  private static void put(Map<String, Object> props, String key, Integer value) {
    if (value == null) {
      props.remove(key);
    } else {
      props.put(key, value);
    }
  }

  /** Sets the grow command's target size, wherever cfn-init's metadata holds it; synth says how. */
  @SuppressWarnings("unchecked")
  private static void setGrowSize(Object node, int size) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        if (e.getValue() instanceof String s) {
          e.setValue(ClusterLayout.growCommand(s, size));
        } else {
          setGrowSize(e.getValue(), size);
        }
      }
    } else if (node instanceof List<?> l) {
      List<Object> list = (List<Object>) l;
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof String s) {
          list.set(i, ClusterLayout.growCommand(s, size));
        } else {
          setGrowSize(list.get(i), size);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, deepCopy(v)));
      return (T) out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(deepCopy(v)));
      return (T) out;
    }
    return value;
  }
}
