package dev.statefulcluster.template;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Deep, ordered, unmodifiable copies of template data, refusing anything JSON cannot hold, so a
 * mistake shows where the template is built rather than as a broken file later.
 */
final class Plain {
  private Plain() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> copy(Map<String, ?> map) {
    if (map instanceof Frozen) {
      // Made here, deep and unmodifiable already: a resource's withX steps copy it again for free.
      return (Map<String, Object>) map;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : entries(map)) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("null key in template data");
      }
      out.put(e.getKey(), value(e.getValue(), e.getKey()));
    }
    return new Frozen(out);
  }

  /** The copies made here: ordered, unmodifiable, holding only copies made here. */
  private static final class Frozen extends AbstractMap<String, Object> {
    private final Map<String, Object> map;

    Frozen(Map<String, Object> map) {
      this.map = map;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      return Collections.unmodifiableMap(map).entrySet();
    }

    @Override
    public Object get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }
  }

  /**
   * A map's entries in a stable order: its own where it has one (LinkedHashMap, sorted maps, the
   * copies made here), sorted by key otherwise. {@code Map.of} iterates in an order that changes
   * from one JVM run to the next, which would make the same spec give different bytes.
   */
  @SuppressWarnings("unchecked")
  static <V> List<Map.Entry<String, V>> entries(Map<String, ? extends V> map) {
    List<Map.Entry<String, V>> list = new ArrayList<>();
    for (Map.Entry<String, ? extends V> e : map.entrySet()) {
      list.add((Map.Entry<String, V>) e);
    }
    boolean ordered =
        map.size() <= 1
            || map instanceof LinkedHashMap
            || map instanceof SortedMap
            || map instanceof Frozen
            || map.getClass() == FROZEN;
    if (!ordered) {
      list.sort(Map.Entry.comparingByKey());
    }
    return list;
  }

  private static final Class<?> FROZEN =
      Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

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
    throw new IllegalArgumentException(
        "'"
            + where
            + "' holds "
            + (v == null ? "null" : v.getClass().getSimpleName())
            + ", which a template cannot hold");
  }
}
