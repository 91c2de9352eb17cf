package dev.statefulcluster.ops;

/**
 * One node as it is: its address and interface, its instance (null ids and state "down" while a
 * roll has taken it away), and its data volume with the state of its last modification. {@code
 * size} is the volume's real size; {@code templateSize} what the stack's template says, smaller
 * after CloudFormation rolled back an update that grew the volume (it never shrinks one). {@code
 * drift}: how the node's instance differs from what the stack expects (terminated or stopped
 * outside CloudFormation, another AMI or type), null when it does not.
 */
public record NodeStatus(
    int number,
    String name,
    String privateIp,
    String eniId,
    String instanceId,
    String instanceState,
    String ami,
    String volumeId,
    Integer size,
    Integer templateSize,
    String volumeType,
    Integer iops,
    Integer throughput,
    String modification,
    String drift) {

  /** The volume is larger than its template says: a rolled-back grow left it so. */
  public boolean grownPastTemplate() {
    return size != null && templateSize != null && size > templateSize;
  }
}
