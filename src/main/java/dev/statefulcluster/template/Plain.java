package dev.statefulcluster.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, ordered, unmodifiable copies of template data, refusing anything JSON cannot hold, so a
 * mistake shows where the template is built rather than as a broken file later.
 */
final class Plain {
  private Plain() {}

  static Map<String, Object> copy(Map<String, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("null key in template data");
      }
      out.put(e.getKey(), value(e.getValue(), e.getKey()));
    }
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  static Object value(Object v, String where) {
    if (v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Map<?, ?> m) {
      return copy((Map<String, ?>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object item : l) {
        out.add(value(item, where));
      }
      return Collections.unmodifiableList(out);
    }
    throw new IllegalArgumentException("'" + where + "' holds "
        + (v == null ? "null" : v.getClass().getSimpleName()) + ", which a template cannot hold");
  }
}
