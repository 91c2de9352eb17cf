package dev.statefulcluster.synth;

import java.util.Map;

/**
 * How the parent of a cluster over several stacks writes its nodes stacks. {@link Referenced}: each
 * reads its nodes' interface ids and addresses from the network stacks' outputs (Fn::GetAtt), so
 * plain CloudFormation creates the whole cluster in one operation ({@code synth -o}). {@link
 * Literal}: the values are written as they are, read from the network stacks once they exist, so a
 * nested change set has nothing unknown to judge (what deploy and every later operation send).
 * {@link NetworkOnly}: no nodes stacks at all, the first operation of a new cluster.
 */
public sealed interface ParentForm {
  record Referenced() implements ParentForm {}

  record Literal(Map<Integer, NodeNetwork> network) implements ParentForm {
    public Literal {
      network = Map.copyOf(network);
    }
  }

  record NetworkOnly() implements ParentForm {}

  public static ParentForm referenced() {
    return new Referenced();
  }

  public static ParentForm literal(Map<Integer, NodeNetwork> network) {
    return new Literal(network);
  }

  public static ParentForm networkOnly() {
    return new NetworkOnly();
  }
}
