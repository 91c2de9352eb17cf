package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Ec2Api;
import java.util.List;

/**
 * One node as it is: its address and interface, its instance (null ids and state "down" while a
 * roll has taken it away), and its data volume with the state of its last modification. {@code
 * size} is the volume's real size; {@code templateSize} what the stack's template says, smaller
 * after CloudFormation rolled back an update that grew the volume (it never shrinks one). {@code
 * drift}: how the node's instance differs from what the stack expects (terminated or stopped
 * outside CloudFormation, a failed status check, another AMI or type, maintenance EC2 scheduled),
 * null when it does not. {@code systemCheck} and {@code instanceCheck}: EC2's status checks (ok,
 * impaired, initializing, insufficient-data, not-applicable), null without an instance; {@code
 * events}: the maintenance EC2 scheduled for the instance and not yet done.
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
    String systemCheck,
    String instanceCheck,
    List<Ec2Api.ScheduledEvent> events,
    String drift) {

  public NodeStatus {
    events = List.copyOf(events);
  }

  /**
   * The command that repairs the node's drift, null when it has none: a new instance with the
   * node's address, volume and settings, on another host.
   */
  public String repair(String cluster) {
    return drift == null ? null : "stateful-cluster replace " + cluster + " --nodes " + number;
  }

  /** The volume is larger than its template says: a rolled-back grow left it so. */
  public boolean grownPastTemplate() {
    return size != null && templateSize != null && size > templateSize;
  }
}
