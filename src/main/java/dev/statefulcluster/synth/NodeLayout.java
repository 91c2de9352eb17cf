package dev.statefulcluster.synth;

/**
 * One node's place in the cluster's stack: the stack that holds it, its resources' logical ids, its
 * parameters and outputs, and the {@link Setting}s that say where the template holds its ENI's,
 * volume's and instance's settings. {@code privateIpOutput} is the output holding its address where
 * a stack has one per node (a group's network stack; single stacks before ClusterAddresses took
 * their place). {@code stack} holds its volume, instance and parameters, {@code eniStack} its ENI
 * and the outputs naming its ENI and address: both {@link ClusterLayout#ROOT_STACK} in a single
 * stack; in a cluster over several stacks, the logical ids of its group's child stacks in the
 * parent ("Nodes3", "Network3").
 */
public record NodeLayout(
    int number,
    String name,
    String stack,
    String eni,
    String volume,
    String instance,
    String imageParameter,
    String snapshotParameter,
    String privateIpOutput,
    String eniStack) {

  /** The subnet its ENI, and so the node, is in. */
  public Setting subnet() {
    return new Setting(eniStack, eni, ResourceProperties.SUBNET);
  }

  /** The private IP its ENI holds. */
  public Setting privateIp() {
    return new Setting(eniStack, eni, ResourceProperties.PRIVATE_IP);
  }

  /** Whether the node lives in a child stack of the cluster's stack. */
  public boolean nested() {
    return !stack.equals(ClusterLayout.ROOT_STACK);
  }

  /** The availability zone of its data volume. */
  public Setting zone() {
    return new Setting(stack, volume, ResourceProperties.ZONE);
  }

  /** The snapshot its volume was created from, when a single stack writes it as it is. */
  public Setting snapshot() {
    return new Setting(stack, volume, ResourceProperties.SNAPSHOT);
  }

  public Setting volumeSize() {
    return new Setting(stack, volume, ResourceProperties.SIZE);
  }

  public Setting volumeType() {
    return new Setting(stack, volume, ResourceProperties.VOLUME_TYPE);
  }

  public Setting volumeIops() {
    return new Setting(stack, volume, ResourceProperties.IOPS);
  }

  public Setting volumeThroughput() {
    return new Setting(stack, volume, ResourceProperties.THROUGHPUT);
  }

  /** Its instance's user data (read at launch only; changing it stops and starts the instance). */
  public Setting userData() {
    return new Setting(stack, instance, ResourceProperties.USER_DATA);
  }

  public Setting instanceType() {
    return new Setting(stack, instance, ResourceProperties.INSTANCE_TYPE);
  }
}
