package dev.statefulcluster.cloud.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small graph algorithms over "node → the nodes it depends on" maps. */
final class Graphs {
  private Graphs() {}

  /** One dependency cycle, or null when there is none. Edges to unknown nodes are ignored. */
  static List<String> cycle(Map<String, Set<String>> dependsOn) {
    Map<String, Integer> state = new HashMap<>();
    List<String> path = new ArrayList<>();
    for (String node : dependsOn.keySet()) {
      List<String> found = visit(node, dependsOn, state, path);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static List<String> visit(
      String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return null;
    }
    if (s != null && s == 1) {
      return new ArrayList<>(path.subList(path.indexOf(node), path.size()));
    }
    state.put(node, 1);
    path.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (graph.containsKey(next)) {
        List<String> found = visit(next, graph, state, path);
        if (found != null) {
          return found;
        }
      }
    }
    path.remove(path.size() - 1);
    state.put(node, 2);
    return null;
  }

  /**
   * The nodes in dependency order (Kahn), keeping the given order among nodes that are ready
   * together.
   */
  static List<String> order(Collection<String> nodes, Map<String, Set<String>> dependsOn) {
    List<String> out = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    boolean progress = true;
    while (out.size() < nodes.size() && progress) {
      progress = false;
      for (String n : nodes) {
        if (!placed.contains(n)
            && dependsOn.getOrDefault(n, Set.of()).stream()
                .allMatch(d -> placed.contains(d) || !nodes.contains(d))) {
          out.add(n);
          placed.add(n);
          progress = true;
        }
      }
    }
    return out;
  }
}
