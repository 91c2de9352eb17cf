package dev.statefulcluster.ops;

import dev.statefulcluster.synth.Names;
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
      Map<String, Object> volume = copy.properties(Names.volume(c.node()));
      volume.put("Size", c.newSize());
      put(volume, "Iops", c.newIops());
      put(volume, "Throughput", c.newThroughput());
      if (copy.hasResource(Names.instance(c.node()))) {
        setGrowSize(
            TemplateDocument.map(
                TemplateDocument.map(copy.resources().get(Names.instance(c.node())))
                    .get("Metadata")),
            c.newSize());
      }
    }
    return root;
  }

  private static void put(Map<String, Object> props, String key, Integer value) {
    if (value == null) {
      props.remove(key);
    } else {
      props.put(key, value);
    }
  }

  /** Rewrites "--size-gib N" in the grow command, wherever cfn-init's metadata holds it. */
  @SuppressWarnings("unchecked")
  private static void setGrowSize(Object node, int size) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        if (e.getValue() instanceof String s && s.contains("--size-gib ")) {
          e.setValue(s.replaceAll("--size-gib [0-9]+", "--size-gib " + size));
        } else {
          setGrowSize(e.getValue(), size);
        }
      }
    } else if (node instanceof List<?> l) {
      List<Object> list = (List<Object>) l;
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof String s && s.contains("--size-gib ")) {
          list.set(i, s.replaceAll("--size-gib [0-9]+", "--size-gib " + size));
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
