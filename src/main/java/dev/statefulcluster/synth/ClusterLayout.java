package dev.statefulcluster.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a cluster's state lives in its stack: for each node its stack, logical ids, parameters and
 * outputs, and the template properties that hold its settings. Operations ask this, never spell a
 * name of their own, so the template's shape can change in one place (docs/template-design.md).
 * {@code groupSize} 0: every node lives in the one stack, named as {@link Names} says; above 0 the
 * cluster is laid out over several stacks: node {@code n} lives in group {@code (n-1)/groupSize+1},
 * whose ENIs are in the child stack {@code Network<g>} and whose volumes and instances are in
 * {@code Nodes<g>}.
 */
public record ClusterLayout(int nodeCount, int groupSize) {

  /** The stack that holds a node in a single-stack cluster: the cluster's own stack. */
  public static final String ROOT_STACK = "";

  /**
   * Nodes per group of a cluster over several stacks unless its file asks for fewer. Fixed once the
   * cluster is created (a node never moves between stacks as the cluster grows or its settings
   * change; the parent's template records it, {@link #GROUP_SIZE_KEY}) and chosen by measurement
   * against the per-stack quotas: a group's nodes stack takes 4 parameters per node (image,
   * snapshot, ENI id, address) plus 2 and one address list per group, so 40 nodes leave 13
   * parameters of headroom at 1,000 nodes (43 is the most that fits there); the other quotas are
   * far off (NestedLayoutTest, docs/template-design.md).
   */
  public static final int GROUP_SIZE = dev.statefulcluster.spec.LayoutSpec.DEFAULT_GROUP_SIZE;

  /** The key of the parent template's Metadata that holds the tool's record of its layout. */
  static final String LAYOUT_METADATA = "stateful-cluster";

  /** Within {@link #LAYOUT_METADATA}: nodes per group. */
  static final String GROUP_SIZE_KEY = "GroupSize";

  /** The layout of a single stack synthesized or deployed with this many nodes. */
  public static ClusterLayout of(int nodeCount) {
    return new ClusterLayout(nodeCount, 0);
  }

  /** The layout of a cluster of this many nodes over several stacks, 40 to a group. */
  public static ClusterLayout nested(int nodeCount) {
    return new ClusterLayout(nodeCount, GROUP_SIZE);
  }

  /** The layout of a cluster of this many nodes over several stacks, {@code groupSize} a group. */
  public static ClusterLayout nested(int nodeCount, int groupSize) {
    if (groupSize < 1) {
      throw new IllegalArgumentException("a group holds at least one node, not " + groupSize);
    }
    return new ClusterLayout(nodeCount, groupSize);
  }

  /** The same layout with {@code nodeCount} nodes: a cluster grown or shrunk in place. */
  public ClusterLayout withNodes(int nodeCount) {
    return new ClusterLayout(nodeCount, groupSize);
  }

  /** Whether the cluster is laid out over a parent stack and child stacks. */
  public boolean isNested() {
    return groupSize > 0;
  }

  /** The number of groups (child stack pairs); 0 for a single stack. */
  public int groups() {
    return isNested() ? (nodeCount + groupSize - 1) / groupSize : 0;
  }

  /** The group node {@code n} belongs to (from 1); 0 in a single stack. */
  public int groupOf(int n) {
    return isNested() ? (n - 1) / groupSize + 1 : 0;
  }

  /** The nodes of group {@code g}, in order. */
  public List<Integer> nodesOf(int g) {
    List<Integer> out = new ArrayList<>();
    for (int n = (g - 1) * groupSize + 1; n <= Math.min(nodeCount, g * groupSize); n++) {
      out.add(n);
    }
    return out;
  }

  /** The logical id, in the parent, of group {@code g}'s stack of volumes and instances. */
  public static String nodesStack(int g) {
    return Names.nodesStack(g);
  }

  /** The logical id, in the parent, of group {@code g}'s stack of network interfaces. */
  public static String networkStack(int g) {
    return Names.networkStack(g);
  }

  /**
   * The layout of a deployed cluster from its (parent) template, rendered as a map: nested when it
   * has the first group's network stack; the node count from the resources found.
   */
  public static ClusterLayout ofTemplate(Map<String, Object> template) {
    Map<?, ?> resources =
        template.get(ResourceProperties.RESOURCES) instanceof Map<?, ?> m ? m : Map.of();
    if (!resources.containsKey(Names.networkStack(1))) {
      int n = 0;
      while (resources.containsKey(Names.eni(n + 1))) {
        n++;
      }
      return of(n);
    }
    Map<Integer, NodeValues> settings = settingsOf(template);
    return nested(settings.size(), groupSizeOf(template));
  }

  /**
   * The group size a deployed parent template records; a parent written before the record existed
   * used 40.
   */
  static int groupSizeOf(Map<String, Object> template) {
    if (template.get("Metadata") instanceof Map<?, ?> metadata
        && metadata.get(LAYOUT_METADATA) instanceof Map<?, ?> layout
        && layout.get(GROUP_SIZE_KEY) instanceof Number size) {
      return size.intValue();
    }
    return GROUP_SIZE;
  }

  /** What the parent template records of this layout, under {@link #LAYOUT_METADATA}. */
  Map<String, Object> metadata() {
    return Map.of(GROUP_SIZE_KEY, groupSize);
  }

  /**
   * Each node's settings as a deployed parent template writes them into its nodes stacks; empty for
   * a single stack.
   */
  public static Map<Integer, NodeValues> settingsOf(Map<String, Object> template) {
    Map<Integer, NodeValues> out = new TreeMap<>();
    Map<?, ?> resources =
        template.get(ResourceProperties.RESOURCES) instanceof Map<?, ?> m ? m : Map.of();
    for (int g = 1; resources.get(Names.nodesStack(g)) instanceof Map<?, ?> stack; g++) {
      if (stack.get(ResourceProperties.PROPERTIES) instanceof Map<?, ?> props
          && props.get(NESTED_PARAMETERS) instanceof Map<?, ?> given) {
        for (Map.Entry<?, ?> e : given.entrySet()) {
          int n = Names.nodeNumber((String) e.getKey());
          if (n > 0
              && e.getKey().equals(Names.imageParameter(n))
              && e.getValue() instanceof String image) {
            Object snapshot = given.get(Names.snapshotParameter(n));
            out.put(n, new NodeValues(image, snapshot instanceof String s ? s : ""));
          }
        }
      }
    }
    return out;
  }

  /**
   * Rewrites a deployed parent template (in place) for one step of a roll: each node of {@code
   * images} gets its AMI in its nodes stack's {@code Parameters}, each child stack of {@code
   * templateUrls} its TemplateURL (the same templates uploaded again: the bucket expires them), and
   * NodeDown accepts every value in {@code downValues} (a parent deployed before zone rolls lacks
   * its zones). Nothing else changes, so the update moves instances only.
   */
  @SuppressWarnings("unchecked")
  public static void rollParent(
      Map<String, Object> template,
      Map<Integer, String> images,
      Map<String, String> templateUrls,
      List<String> downValues) {
    Map<String, Object> resources =
        (Map<String, Object>) template.get(ResourceProperties.RESOURCES);
    int groupSize = groupSizeOf(template);
    images.forEach(
        (n, image) -> {
          Map<String, Object> stack =
              (Map<String, Object>) resources.get(Names.nodesStack((n - 1) / groupSize + 1));
          Map<String, Object> props =
              (Map<String, Object>) stack.get(ResourceProperties.PROPERTIES);
          ((Map<String, Object>) props.get(NESTED_PARAMETERS)).put(Names.imageParameter(n), image);
        });
    templateUrls.forEach(
        (child, url) ->
            ((Map<String, Object>)
                    ((Map<String, Object>) resources.get(child)).get(ResourceProperties.PROPERTIES))
                .put(NestedTemplates.CHILD_TEMPLATE_URL, url));
    if (template.get("Parameters") instanceof Map<?, ?> parameters
        && parameters.get(Names.NODE_DOWN) instanceof Map<?, ?> nodeDown
        && nodeDown.get("AllowedValues") instanceof List<?> allowed) {
      List<Object> all = new ArrayList<>(allowed);
      downValues.stream().filter(v -> !all.contains(v)).forEach(all::add);
      ((Map<String, Object>) nodeDown).put("AllowedValues", all);
    }
  }

  /**
   * Node {@code n}'s interface as its network stack's outputs give it ({@code outputs}: that
   * stack's), or null when they do not name it yet.
   */
  public static NodeNetwork networkOf(Map<String, String> outputs, int n) {
    String eni = outputs.get(Names.eni(n));
    String ip = outputs.get(Names.privateIpOutput(n));
    return eni == null || ip == null ? null : new NodeNetwork(eni, ip);
  }

  /**
   * A parent template made of {@code target}, whose nodes stacks of the groups in {@code
   * fromTarget} are the target's and every other one as {@code deployed} has it (absent when the
   * deployed parent has none), its TemplateURL {@code keptUrl} of its group (the deployed child's
   * template, uploaded again: the bucket expires objects) and every value it read from a network
   * stack's outputs written as {@code output} gives it (stack logical id, output name): one wave of
   * an update that cannot change every group at once, nothing of it unknown to a change set.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> mixNodesStacks(
      Map<String, Object> target,
      Map<String, Object> deployed,
      java.util.Set<Integer> fromTarget,
      java.util.function.IntFunction<String> keptUrl,
      java.util.function.BinaryOperator<String> output) {
    Map<String, Object> out = new java.util.LinkedHashMap<>(target);
    Map<String, Object> resources =
        new java.util.LinkedHashMap<>(
            (Map<String, Object>) target.get(ResourceProperties.RESOURCES));
    Map<String, Object> old =
        deployed.get(ResourceProperties.RESOURCES) instanceof Map<?, ?> m
            ? (Map<String, Object>) m
            : Map.of();
    int groups = 0;
    while (resources.containsKey(Names.networkStack(groups + 1))
        || old.containsKey(Names.nodesStack(groups + 1))) {
      groups++;
    }
    for (int g = 1; g <= groups; g++) {
      String id = Names.nodesStack(g);
      if (fromTarget.contains(g)) {
        continue;
      }
      resources.remove(id);
      if (old.get(id) instanceof Map<?, ?> kept) {
        Map<String, Object> copy = (Map<String, Object>) deepCopy(kept);
        Map<String, Object> props = (Map<String, Object>) copy.get(ResourceProperties.PROPERTIES);
        props.put(NestedTemplates.CHILD_TEMPLATE_URL, keptUrl.apply(g));
        writeValues(copy, g, output);
        resources.put(id, copy);
      }
    }
    out.put(ResourceProperties.RESOURCES, resources);
    return out;
  }

  private static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, deepCopy(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(deepCopy(v)));
      return out;
    }
    return value;
  }

  /**
   * Rewrites a deployed parent template (in place) so that every value its nodes stacks read from a
   * network stack's outputs is written as {@code output} gives it (stack logical id, output name):
   * a parent deployed that way (or by plain CloudFormation from {@code synth -o}) then has nothing
   * a nested change set cannot know, and its children get the same values.
   */
  @SuppressWarnings("unchecked")
  public static void writeNetworkValues(
      Map<String, Object> template, java.util.function.BinaryOperator<String> output) {
    Map<String, Object> resources =
        (Map<String, Object>) template.get(ResourceProperties.RESOURCES);
    for (int g = 1; resources.get(Names.nodesStack(g)) instanceof Map<?, ?> stack; g++) {
      writeValues((Map<String, Object>) stack, g, output);
    }
  }

  /**
   * Group {@code g}'s nodes stack resource with its values written out, depending on its network
   * stack in their place: CloudFormation then still deletes its instances before their interfaces.
   */
  @SuppressWarnings("unchecked")
  private static void writeValues(
      Map<String, Object> stack, int g, java.util.function.BinaryOperator<String> output) {
    Map<String, Object> props = (Map<String, Object>) stack.get(ResourceProperties.PROPERTIES);
    Map<String, Object> given = (Map<String, Object>) props.get(NESTED_PARAMETERS);
    boolean read =
        given.values().stream().anyMatch(v -> literal(v, (a, b) -> null) != v || v instanceof Map);
    given.replaceAll((k, v) -> literal(v, output));
    if (read && !stack.containsKey("DependsOn")) {
      stack.put("DependsOn", Names.networkStack(g));
    }
  }

  /** A value read as Fn::GetAtt of a stack's output, written as the output's value. */
  private static Object literal(Object value, java.util.function.BinaryOperator<String> output) {
    if (value instanceof Map<?, ?> m
        && m.get("Fn::GetAtt") instanceof List<?> at
        && at.size() == 2
        && at.get(1) instanceof String path
        && path.startsWith("Outputs.")) {
      String resolved = output.apply((String) at.get(0), path.substring("Outputs.".length()));
      return resolved == null ? value : resolved;
    }
    return value;
  }

  /** The group whose nodes stack a logical id of the parent is, 0 when it is none. */
  public static int groupOfNodesStack(String logicalId) {
    String digits =
        logicalId.startsWith(Names.NODES_STACK)
            ? logicalId.substring(Names.NODES_STACK.length())
            : "";
    return digits.matches("[1-9][0-9]{0,5}") ? Integer.parseInt(digits) : 0;
  }

  /** The property of a nested stack resource holding the values it passes to its parameters. */
  static final String NESTED_PARAMETERS = "Parameters";

  /** Every node, in order. */
  public List<NodeLayout> nodes() {
    List<NodeLayout> out = new ArrayList<>();
    for (int n = 1; n <= nodeCount; n++) {
      out.add(at(n));
    }
    return out;
  }

  /** Node {@code n}'s place in this layout: which stacks hold it, and its names there. */
  public NodeLayout at(int n) {
    NodeLayout single = node(n);
    if (!isNested()) {
      return single;
    }
    int g = groupOf(n);
    return new NodeLayout(
        n,
        single.name(),
        Names.nodesStack(g),
        single.eni(),
        single.volume(),
        single.instance(),
        single.imageParameter(),
        single.snapshotParameter(),
        single.privateIpOutput(),
        Names.networkStack(g));
  }

  /**
   * Node {@code n}'s names in a single stack; also for a number beyond the count, to ask whether a
   * stack has it.
   */
  public static NodeLayout node(int n) {
    return new NodeLayout(
        n,
        Names.nodeName(n),
        ROOT_STACK,
        Names.eni(n),
        Names.volume(n),
        Names.instance(n),
        Names.imageParameter(n),
        Names.snapshotParameter(n),
        Names.privateIpOutput(n),
        ROOT_STACK);
  }

  /** The node's name as users and tags see it ("node3"). */
  public static String nodeName(int n) {
    return Names.nodeName(n);
  }

  /** The parameter naming the node whose instance is away. */
  public static String nodeDownParameter() {
    return Names.NODE_DOWN;
  }

  /** The value of {@link #nodeDownParameter} when every instance exists. */
  public static String noneDown() {
    return Names.NONE;
  }

  /** The value of {@link #nodeDownParameter} that takes node {@code n} away; 0 for none. */
  public static String downValue(int n) {
    return n > 0 ? Names.nodeName(n) : Names.NONE;
  }

  /** The value of {@link #nodeDownParameter} that takes every node of a zone away. */
  public static String zoneDownValue(String availabilityZone) {
    return Names.zoneDown(availabilityZone);
  }

  /**
   * Node {@code n}'s instance settings as its resource in a deployed template (a map with
   * Properties and Metadata) says; what a template written before the settings were marked cannot
   * say is taken from {@code unknown}.
   */
  public static NodeSettings settings(Map<String, Object> instanceResource, NodeSettings unknown) {
    return NodeSettings.read(instanceResource, unknown);
  }

  /** The node a value of {@link #nodeDownParameter} takes away, 0 for none. */
  public static int downNode(String value) {
    return Names.downNode(value);
  }

  /** The node a logical id, parameter or output belongs to, or 0 when it is not a node's. */
  public static int nodeOf(String name) {
    return Names.nodeNumber(name);
  }

  /** The node a {@link #nodeTag} value names ("node3" → 3), 0 when none. */
  public static int nodeOfTag(String nodeName) {
    return Names.nodeNumber("Node" + nodeName.substring("node".length()));
  }

  /** Whether a logical id is a node's instance. */
  public static boolean isInstance(String logicalId) {
    int n = nodeOf(logicalId);
    return n > 0 && logicalId.equals(Names.instance(n));
  }

  /** Whether a logical id is a node's data volume. */
  public static boolean isVolume(String logicalId) {
    int n = nodeOf(logicalId);
    return n > 0 && logicalId.equals(Names.volume(n));
  }

  /** Whether a logical id is a node's network interface. */
  public static boolean isEni(String logicalId) {
    int n = nodeOf(logicalId);
    return n > 0 && logicalId.equals(Names.eni(n));
  }

  /**
   * Whether a logical id is one of a node's recovery alarms ({@code recovery: true}): they exist
   * exactly when the node's instance does, and changing them interrupts nothing.
   */
  public static boolean isRecoveryAlarm(String logicalId) {
    int n = nodeOf(logicalId);
    return n > 0
        && (logicalId.equals(Names.recoverAlarm(n)) || logicalId.equals(Names.rebootAlarm(n)));
  }

  /** Node {@code n}'s recovery alarms, recover first, when the file asks for them. */
  public static List<String> recoveryAlarms(int n) {
    return List.of(Names.recoverAlarm(n), Names.rebootAlarm(n));
  }

  /**
   * The output listing every node's private IP, comma-separated in node order: in a single stack,
   * where the nodes have no output each, where their addresses are read.
   */
  public static String addressesOutput() {
    return Names.ADDRESSES_OUTPUT;
  }

  /** Whether an output is a node's private IP. */
  public static boolean isPrivateIpOutput(String output) {
    int n = nodeOf(output);
    return n > 0 && output.equals(Names.privateIpOutput(n));
  }

  /** The tag on snapshots naming their cluster. */
  public static String clusterTag() {
    return Names.TAG_CLUSTER;
  }

  /** The tag on snapshots naming their node. */
  public static String nodeTag() {
    return Names.TAG_NODE;
  }

  /**
   * Whether {@code deployed} is node {@code n}'s user data as the version before the shared {@code
   * NodeConfig} wrote it. Such an instance keeps it (deploy and each roll step pass it to {@link
   * Synthesis#of(dev.statefulcluster.spec.ClusterSpec, java.util.function.IntFunction,
   * java.util.Map)}): it works unchanged on today's metadata, and changing it would stop and start
   * the instance.
   */
  public static boolean isPreviousUserData(Object deployed, int n) {
    for (dev.statefulcluster.spec.OsFamily os : dev.statefulcluster.spec.OsFamily.values()) {
      if (UserData.previous(os, n).equals(deployed)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A deployed node's grow command with its target size set to {@code sizeGib}, as {@link NodeInit}
   * writes it; any other string of the node's metadata comes back unchanged.
   */
  public static String growCommand(String deployed, int sizeGib) {
    return NodeInit.withGrowSize(deployed, sizeGib);
  }

  /**
   * What node {@code n}'s cfn-hup runs when its volume changed, as a command to type on the node:
   * cfn-init's config set {@code update} of its instance in {@code stack} (a name or id), which
   * grows the filesystem to the size the template now gives.
   */
  public static String growOnNode(int n, String stack, String region) {
    return NodeInit.cfnInit(node(n).instance(), "update", stack, region);
  }
}
