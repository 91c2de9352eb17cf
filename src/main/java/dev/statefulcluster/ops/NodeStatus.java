package dev.statefulcluster.ops;

/**
 * One node as it is: its address and interface, its instance (null ids and state "down" while a
 * roll has taken it away), and its data volume with the state of its last modification.
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
    String volumeType,
    Integer iops,
    Integer throughput,
    String modification) {}
