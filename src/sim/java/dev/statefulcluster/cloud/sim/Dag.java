package dev.statefulcluster.cloud.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Work on a set of nodes where each node waits for others: what is ready to start, what is done.
 * CloudFormation runs every ready resource at once, so the model starts all of {@link #ready} too.
 */
final class Dag {
  private final Map<String, Set<String>> waitsFor = new LinkedHashMap<>();
  private final Set<String> started = new HashSet<>();
  private final Set<String> done = new HashSet<>();

  /** {@code waitsFor} may name nodes outside {@code nodes}: those are taken as done. */
  Dag(Collection<String> nodes, Map<String, Set<String>> waitsFor) {
    for (String n : nodes) {
      Set<String> inside = new LinkedHashSet<>();
      for (String w : waitsFor.getOrDefault(n, Set.of())) {
        if (nodes.contains(w) && !w.equals(n)) {
          inside.add(w);
        }
      }
      this.waitsFor.put(n, inside);
    }
  }

  /** The reverse order: a node waits for every node that waited for it (deletion order). */
  static Dag reversed(Collection<String> nodes, Map<String, Set<String>> dependsOn) {
    Map<String, Set<String>> waits = new LinkedHashMap<>();
    for (String n : nodes) {
      waits.put(n, new LinkedHashSet<>());
    }
    for (String n : nodes) {
      for (String d : dependsOn.getOrDefault(n, Set.of())) {
        if (waits.containsKey(d)) {
          waits.get(d).add(n);
        }
      }
    }
    return new Dag(nodes, waits);
  }

  /** Nodes not started whose waits are all done, in the order the nodes were given. */
  List<String> ready() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : waitsFor.entrySet()) {
      if (!started.contains(e.getKey()) && done.containsAll(e.getValue())) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  void start(String node) {
    started.add(node);
  }

  void done(String node) {
    done.add(node);
  }

  boolean allDone() {
    return done.size() == waitsFor.size();
  }

  int size() {
    return waitsFor.size();
  }
}
