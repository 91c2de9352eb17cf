package dev.statefulcluster.synth;

/**
 * The logical ids, parameter and condition names of the generated template: the contract between
 * synth and the operations (docs/template-design.md). Changing one breaks existing stacks.
 */
public final class Names {
  private Names() {}

  public static final String NODE_DOWN = "NodeDown";

  /** The value of {@link #NODE_DOWN} when every node's instance exists. */
  public static final String NONE = "none";

  public static final String CLUSTER_GROUP = "ClusterSecurityGroup";
  public static final String CLIENT_GROUP = "ClientSecurityGroup";
  public static final String ROLE = "NodeRole";
  public static final String INSTANCE_PROFILE = "NodeInstanceProfile";
  public static final String FILES_MAPPING = "NodeFiles";

  /**
   * The resource holding the cfn-init metadata every node shares (an
   * AWS::CloudFormation::WaitConditionHandle: no properties, nothing to create but the record).
   */
  public static final String NODE_CONFIG = "NodeConfig";

  public static final String ADDRESSES_OUTPUT = "ClusterAddresses";

  /** A cluster over several stacks: the prefix of group g's child stack of nodes ("Nodes3"). */
  public static final String NODES_STACK = "Nodes";

  /** ... and of group g's child stack of network interfaces ("Network3"). */
  public static final String NETWORK_STACK = "Network";

  /** A network stack's output listing its nodes' addresses, comma-separated, in node order. */
  public static final String GROUP_ADDRESSES = "Addresses";

  public static String nodesStack(int group) {
    return NODES_STACK + group;
  }

  public static String networkStack(int group) {
    return NETWORK_STACK + group;
  }

  /** The parameter of a nodes stack that receives network stack {@code group}'s address list. */
  public static String addressesParameter(int group) {
    return GROUP_ADDRESSES + group;
  }

  public static final String TAG_CLUSTER = "stateful-cluster:cluster";
  public static final String TAG_NODE = "stateful-cluster:node";

  public static String nodeName(int n) {
    return "node" + n;
  }

  public static String eni(int n) {
    return "Node" + n + "Eni";
  }

  public static String volume(int n) {
    return volume(String.valueOf(n));
  }

  /** Node {@code n}'s volume, {@code n} being a number or a placeholder the node fills in. */
  static String volume(String n) {
    return "Node" + n + "Volume";
  }

  public static String instance(int n) {
    return instance(String.valueOf(n));
  }

  /** Node {@code n}'s instance, {@code n} being a number or a placeholder the node fills in. */
  static String instance(String n) {
    return "Node" + n + "Instance";
  }

  public static String imageParameter(int n) {
    return "Node" + n + "Image";
  }

  public static String snapshotParameter(int n) {
    return "Node" + n + "Snapshot";
  }

  /** The value of {@link #NODE_DOWN} that takes every node of a zone away: the zone's name. */
  public static String zoneDown(String availabilityZone) {
    return availabilityZone;
  }

  public static String upCondition(int n) {
    return "Node" + n + "Up";
  }

  public static String fromSnapshotCondition(int n) {
    return "Node" + n + "FromSnapshot";
  }

  /** The alarm that recovers node {@code n}'s instance when its system status check fails. */
  public static String recoverAlarm(int n) {
    return "Node" + n + "RecoverAlarm";
  }

  /** The alarm that reboots node {@code n}'s instance when its instance status check fails. */
  public static String rebootAlarm(int n) {
    return "Node" + n + "RebootAlarm";
  }

  public static String privateIpOutput(int n) {
    return "Node" + n + "PrivateIp";
  }

  /**
   * The node number a logical id, parameter or output belongs to ("Node12Volume" → 12), or 0 when
   * it is not a per-node name.
   */
  public static int nodeNumber(String name) {
    if (!name.startsWith("Node")) {
      return 0;
    }
    int i = 4;
    while (i < name.length() && Character.isDigit(name.charAt(i))) {
      i++;
    }
    return i == 4 || i - 4 > 4 ? 0 : Integer.parseInt(name.substring(4, i));
  }

  /** The node number of a {@link #NODE_DOWN} value ("node3" → 3), 0 for {@link #NONE}. */
  public static int downNode(String value) {
    if (value == null || value.equals(NONE) || !value.startsWith("node")) {
      return 0;
    }
    try {
      return Integer.parseInt(value.substring(4));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
