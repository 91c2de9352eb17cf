package dev.statefulcluster.ops;

import dev.statefulcluster.synth.ClusterLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The stack updates of a rolling AMI update. An instance cannot be replaced in place (its network
 * interface would be in use), so each node's instance is taken away ({@code NodeDown}) before it is
 * created again on the new AMI. Gated on signals alone, "bring node i up, take node i+1 away" share
 * one update, since CloudFormation removes instances only in the cleanup phase after every creation
 * succeeded: N nodes, N+1 updates, never two nodes down. A health check run from the tool can only
 * judge a node after its update ended, so with one the two halves are separate updates: 2N.
 */
public record RollPlan(List<Step> steps) {

  /**
   * One stack update: {@code up} comes up on {@code upAmi}, {@code down} is taken away; 0: none.
   */
  public record Step(int up, String upAmi, int down) {
    public String describe() {
      List<String> parts = new ArrayList<>();
      if (up > 0) {
        parts.add(ClusterLayout.nodeName(up) + " up on " + upAmi);
      }
      if (down > 0) {
        parts.add("take " + ClusterLayout.nodeName(down) + " away");
      }
      return String.join(", then ", parts);
    }
  }

  /**
   * @param currentlyDown the node NodeDown names now (0: none)
   * @param todo nodes still to roll, in order, not counting {@code currentlyDown}
   * @param downAmi the AMI {@code currentlyDown} comes back on
   * @param amiOf the AMI each node of {@code todo} comes up on (one for all in a roll; each its own
   *     when instances are only re-created)
   * @param chained whether "up i, away i+1" may share an update (no health check from the tool)
   */
  public static RollPlan of(
      int currentlyDown,
      String downAmi,
      List<Integer> todo,
      IntFunction<String> amiOf,
      boolean chained) {
    List<Step> steps = new ArrayList<>();
    List<Integer> sequence = new ArrayList<>();
    if (currentlyDown > 0) {
      sequence.add(currentlyDown);
    }
    sequence.addAll(todo);
    if (sequence.isEmpty()) {
      return new RollPlan(steps);
    }
    if (chained) {
      if (currentlyDown == 0) {
        steps.add(new Step(0, null, sequence.get(0)));
      }
      for (int i = 0; i < sequence.size(); i++) {
        int node = sequence.get(i);
        int next = i + 1 < sequence.size() ? sequence.get(i + 1) : 0;
        steps.add(new Step(node, node == currentlyDown ? downAmi : amiOf.apply(node), next));
      }
    } else {
      for (int node : sequence) {
        if (node != currentlyDown) {
          steps.add(new Step(0, null, node));
        }
        steps.add(new Step(node, node == currentlyDown ? downAmi : amiOf.apply(node), 0));
      }
    }
    return new RollPlan(List.copyOf(steps));
  }
}
