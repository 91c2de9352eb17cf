package dev.statefulcluster.ops.roll;

import dev.statefulcluster.synth.ClusterLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The stack updates of a rolling update. An instance cannot be replaced in place (its network
 * interface would be in use), so each node's instance is taken away ({@code NodeDown}) before it is
 * created again with its new AMI or settings. Gated on signals alone, "bring group i up, take group
 * i+1 away" share one update, since CloudFormation removes instances only in the cleanup phase
 * after every creation succeeded: N groups, N+1 updates, never two groups down. A group is one
 * node, or with {@code --batch zone} every node of one availability zone. A health check run from
 * the tool can only judge a node after its update ended, so with one the two halves are separate
 * updates: 2N.
 */
public record RollPlan(List<Step> steps) {

  /** Nodes away together: what {@code NodeDown} says to take them away, and who they are. */
  public record Group(String downValue, List<Integer> nodes) {
    public Group {
      nodes = List.copyOf(nodes);
    }

    public static Group node(int n) {
      return new Group(ClusterLayout.downValue(n), List.of(n));
    }

    public static Group zone(String zone, List<Integer> nodes) {
      return new Group(ClusterLayout.zoneDownValue(zone), nodes);
    }

    /** A zone's nodes named one by one up to this many; beyond, the first, the last and a count. */
    static final int LISTED_NODES = 8;

    /**
     * A single node by its name; a zone by its name and its nodes (at 1,000 nodes over three zones,
     * the first three, the last and how many: a step's line stays a line).
     */
    public String describe() {
      if (nodes.size() == 1 && downValue.equals(ClusterLayout.downValue(nodes.get(0)))) {
        return ClusterLayout.nodeName(nodes.get(0));
      }
      List<String> names = nodes.stream().map(ClusterLayout::nodeName).toList();
      if (names.size() <= LISTED_NODES) {
        return downValue + " (" + String.join(", ", names) + ")";
      }
      return downValue
          + " ("
          + String.join(", ", names.subList(0, 3))
          + ", … "
          + names.get(names.size() - 1)
          + "; "
          + names.size()
          + " nodes)";
    }
  }

  /**
   * One stack update: {@code up} comes up on {@code upOn}, {@code down} is taken away; null: none.
   */
  public record Step(Group up, String upOn, Group down) {
    /** The single-node step of a node-at-a-time roll; 0: none. */
    public Step(int up, String upOn, int down) {
      this(up > 0 ? Group.node(up) : null, upOn, down > 0 ? Group.node(down) : null);
    }

    public String describe() {
      List<String> parts = new ArrayList<>();
      if (up != null) {
        parts.add(up.describe() + " up on " + upOn);
      }
      if (down != null) {
        parts.add("take " + down.describe() + " away");
      }
      return String.join(", then ", parts);
    }

    /** The nodes that come up in this step; empty when none. */
    public List<Integer> upNodes() {
      return up == null ? List.of() : up.nodes();
    }

    /** The nodes taken away in this step; empty when none. */
    public List<Integer> downNodes() {
      return down == null ? List.of() : down.nodes();
    }
  }

  /**
   * @param currentlyDown the group NodeDown names now (null: none)
   * @param downOn what {@code currentlyDown} comes back on
   * @param todo groups still to roll, in order, not counting {@code currentlyDown}
   * @param upOn what the groups of {@code todo} come up on, for the plan
   * @param chained whether "up i, away i+1" may share an update (no health check from the tool)
   */
  public static RollPlan of(
      Group currentlyDown,
      String downOn,
      List<Group> todo,
      Function<Group, String> upOn,
      boolean chained) {
    List<Step> steps = new ArrayList<>();
    List<Group> sequence = new ArrayList<>();
    if (currentlyDown != null) {
      sequence.add(currentlyDown);
    }
    sequence.addAll(todo);
    if (sequence.isEmpty()) {
      return new RollPlan(steps);
    }
    if (chained) {
      if (currentlyDown == null) {
        steps.add(new Step(null, null, sequence.get(0)));
      }
      for (int i = 0; i < sequence.size(); i++) {
        Group group = sequence.get(i);
        Group next = i + 1 < sequence.size() ? sequence.get(i + 1) : null;
        steps.add(new Step(group, group == currentlyDown ? downOn : upOn.apply(group), next));
      }
    } else {
      for (Group group : sequence) {
        if (group != currentlyDown) {
          steps.add(new Step(null, null, group));
        }
        steps.add(new Step(group, group == currentlyDown ? downOn : upOn.apply(group), null));
      }
    }
    return new RollPlan(List.copyOf(steps));
  }
}
