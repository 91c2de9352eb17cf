package dev.statefulcluster.spec;

/**
 * One node as the cluster file (after count expansion) describes it. {@code number} starts at 1 and
 * is the node's identity: its logical ids, tags and parameters derive from it, so nodes keep their
 * order. {@code availabilityZone} is null until given or looked up; {@code privateIp} and {@code
 * snapshot} are null when not asked for.
 */
public record NodeSpec(
    int number,
    String subnet,
    String availabilityZone,
    String privateIp,
    String ami,
    String snapshot) {

  /** node1, node2…: the node's name in tags, parameters and messages. */
  public String name() {
    return "node" + number;
  }

  /** Node1, Node2…: the prefix of the node's logical ids. */
  public String logicalPrefix() {
    return "Node" + number;
  }

  public NodeSpec withAvailabilityZone(String zone) {
    return new NodeSpec(number, subnet, zone, privateIp, ami, snapshot);
  }

  public NodeSpec withSnapshot(String snapshotId) {
    return new NodeSpec(number, subnet, availabilityZone, privateIp, ami, snapshotId);
  }
}
