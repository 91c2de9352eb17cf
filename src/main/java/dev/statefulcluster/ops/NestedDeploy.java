package dev.statefulcluster.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.cluster.DeployedCluster;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.ops.stack.NestedChangeSets;
import dev.statefulcluster.ops.stack.StackUpdate;
import dev.statefulcluster.ops.stack.TemplateBucket;
import dev.statefulcluster.ops.stack.TemplateDelivery;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NestedSynthesis;
import dev.statefulcluster.synth.NodeNetwork;
import dev.statefulcluster.synth.NodeSettings;
import dev.statefulcluster.synth.NodeValues;
import dev.statefulcluster.synth.ParentForm;
import dev.statefulcluster.synth.Synthesis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * deploy and plan of a cluster over several stacks (docs/template-design.md, "Clusters over several
 * stacks"). Every child's template is uploaded before the change set, and the parent names them by
 * URL. The nodes stacks are given their interfaces' ids and addresses as values, never read from a
 * sibling stack's outputs (AWS's nested change sets report what depends on such a value as
 * replaced), so a change of the network stacks (a new cluster, more nodes) goes first, with every
 * nodes stack as it was, and the nodes stacks follow once the interfaces exist. An update that
 * would change more resources than one operation of a tree may goes in waves of whole groups, each
 * judged as deploy judges one update. Every child gets the stack policy. A rerun after a kill reads
 * what the stacks have and carries on.
 */
final class NestedDeploy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cloud cloud;
  private final Progress progress;
  private final StackUpdate updates;

  NestedDeploy(Cloud cloud, Progress progress, StackUpdate updates) {
    this.cloud = cloud;
    this.progress = progress;
    this.updates = updates;
  }

  /** Everything one run writes: the file's children, uploaded, and each node's AMI and snapshot. */
  private final class Plan {
    final ClusterSpec spec;
    final NestedSynthesis nested;
    final Map<Integer, NodeValues> values;
    final TemplateBucket.Target bucket;
    final Map<String, String> urls = new LinkedHashMap<>();
    final boolean execute;
    final String purpose;

    Plan(
        ClusterSpec spec,
        NestedSynthesis nested,
        Map<Integer, NodeValues> values,
        TemplateBucket.Target bucket,
        boolean execute) {
      this.spec = spec;
      this.nested = nested;
      this.values = values;
      this.bucket = bucket;
      this.execute = execute;
      this.purpose = execute ? "deploy" : "plan";
      nested
          .children()
          .forEach(
              (id, child) ->
                  urls.put(
                      id, TemplateBucket.upload(cloud, bucket, spec.name(), child.compactBody())));
    }

    String name() {
      return spec.name();
    }

    StackUpdate.Request request(String body) {
      return StackUpdate.Request.update(
              name(),
              purpose,
              "stateful-cluster " + purpose,
              TemplateDelivery.body(body, bucket.bucket()),
              List.of(ClusterStack.keepNodeDown()))
          .withStackPolicy(Deployer.policy())
          // The file's tags go on the stack; CloudFormation puts them on every resource.
          .withStackTags(spec.tags())
          .withNestedStacks();
    }
  }

  /**
   * The in-place update (or the creation) of a cluster over nested stacks: every deployed instance
   * is kept on the settings it was launched with ({@code kept}, as its nodes stack's template
   * says), and every update is refused when any instance would be stopped, started or replaced.
   * What changes instances is left to the roll {@link Deployer} runs after it ({@code rolling}).
   */
  Deployer.Outcome run(
      ClusterSpec spec,
      Deployer.Options options,
      DeployedCluster cluster,
      Map<Integer, NodeSettings> kept,
      boolean rolling,
      boolean execute)
      throws InterruptedException {
    boolean create = cluster == null;
    NodeSettings target = NodeSettings.of(spec);
    Plan plan =
        new Plan(
            spec,
            NestedSynthesis.of(spec, n -> kept.getOrDefault(n, target)),
            values(spec, cluster),
            TemplateBucket.resolve(cloud, progress, options.s3Bucket()),
            execute);
    String name = spec.name();
    if (create) {
      if (!createNetwork(plan)) {
        return Deployer.Outcome.PLANNED;
      }
      cluster = DeployedCluster.read(cloud, name);
    } else if (networkChanges(plan, cluster)) {
      if (!updateNetwork(plan, cluster)) {
        progress.line(
            "%s: then the nodes stacks, given the new interfaces' ids and addresses (planned once"
                + " the interfaces exist)",
            name);
        return Deployer.Outcome.PLANNED;
      }
      cluster = DeployedCluster.read(cloud, name);
    }
    Map<Integer, NodeNetwork> network = network(cluster, spec.nodes().size());
    Map<String, Object> full =
        TemplateDocument.parse(
                plan.nested
                    .parent(plan.values, ParentForm.literal(network), plan.urls::get)
                    .compactBody())
            .root();
    if (!create && sameTemplate(full, cluster) && cluster.stack().tags().equals(spec.tags())) {
      progress.line(
          "%s: no changes%s", name, rolling ? " in place" : ": the stacks already match the file");
      return Deployer.Outcome.NO_CHANGES;
    }
    boolean ran = updateNodes(plan, cluster, full, network);
    if (!ran) {
      return Deployer.Outcome.PLANNED;
    }
    int children = protectChildren(name);
    progress.line(
        "%s: %d nodes over %d nested stacks, each protected by the stack policy",
        name, spec.nodes().size(), children);
    return create ? Deployer.Outcome.CREATED : Deployer.Outcome.UPDATED;
  }

  /**
   * A new cluster's first operation: the parent with what every node shares and the network stacks,
   * no nodes stacks yet. Returns false when only planned (the empty stack the change set made is
   * removed).
   */
  private boolean createNetwork(Plan plan) throws InterruptedException {
    String name = plan.name();
    Synthesis parent = plan.nested.parent(plan.values, ParentForm.networkOnly(), plan.urls::get);
    int resources = parent.template().resources().size();
    for (int g = 1; g <= plan.nested.layout().groups(); g++) {
      resources +=
          plan.nested.children().get(ClusterLayout.networkStack(g)).template().resources().size();
    }
    StackUpdate.Request request =
        StackUpdate.Request.update(
                name,
                plan.purpose,
                "stateful-cluster " + plan.purpose + ": network interfaces",
                TemplateDelivery.body(parent.compactBody(), plan.bucket.bucket()),
                List.of(ClusterStack.setNodeDown(0)))
            .withStackPolicy(Deployer.policy())
            .withStackTags(plan.spec.tags())
            .creating(resources);
    progress.line(
        "%s: a new cluster over nested stacks: first its network interfaces (%d network stacks),"
            + " then its volumes and instances",
        name, plan.nested.layout().groups());
    StackUpdate.Result result =
        updates.run(
            plan.execute ? request : request.previewOnly(),
            "CloudFormation rejected the change set: ",
            cs -> NestedChangeSets.judge(cloud, progress, name, cs, true, false));
    switch (result.ending()) {
      case REFUSED:
      case PREVIEWED:
        // CreateChangeSet made an empty stack in REVIEW_IN_PROGRESS; do not leave it behind.
        cloud.stacks().deleteStack(name);
        if (result.ending() == StackUpdate.Ending.REFUSED) {
          throw OpsException.refused(
              "the change sets would lose data, take more than one node out of service, or fail;"
                  + " nothing was changed");
        }
        progress.line(
            "%s: then %d nodes stacks, given the interfaces' ids and addresses once they exist",
            name, plan.nested.layout().groups());
        return false;
      case NO_CHANGES:
        throw OpsException.failed(
            "CloudFormation found nothing to create: " + result.changeSet().statusReason());
      default:
        if (!result.succeeded()) {
          throw OpsException.failed(
              "creating "
                  + name
                  + " failed; the stack is "
                  + result.status()
                  + " (deploy again: it removes the empty stack and starts over)"
                  + result.outcome().reasons());
        }
        cloud.stacks().setStackPolicy(name, Deployer.policy());
        cloud.stacks().setTerminationProtection(name, true);
        protectChildren(name);
        return true;
    }
  }

  /** Whether the file's network stacks differ from the deployed ones (more nodes, most often). */
  private boolean networkChanges(Plan plan, DeployedCluster cluster) {
    for (int g = 1; g <= plan.nested.layout().groups(); g++) {
      String id = ClusterLayout.networkStack(g);
      if (!cluster.children().containsKey(id)) {
        return true;
      }
      String body = plan.nested.children().get(id).compactBody();
      if (!TemplateDocument.parse(body)
          .root()
          .equals(TemplateDocument.parse(cluster.childBody(id)).root())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The network stacks as the file has them, every nodes stack as deployed (its values written
   * out): the interfaces a grown cluster's new nodes need exist before any nodes stack names them.
   * Returns false when only planned.
   */
  private boolean updateNetwork(Plan plan, DeployedCluster cluster) throws InterruptedException {
    String name = plan.name();
    Map<String, Object> networkOnly =
        TemplateDocument.parse(
                plan.nested
                    .parent(plan.values, ParentForm.networkOnly(), plan.urls::get)
                    .compactBody())
            .root();
    Map<String, Object> parent = wave(plan, cluster, networkOnly, Set.of(), network(cluster, 0));
    progress.line("%s: first the network stacks, every nodes stack as it is:", name);
    if (plan.execute) {
      protectChildren(name);
    }
    StackUpdate.Result result =
        updates.run(
            plan.execute ? plan.request(json(parent)) : plan.request(json(parent)).previewOnly(),
            "CloudFormation rejected the change set: ",
            cs -> NestedChangeSets.judge(cloud, progress, name, cs, false, true));
    return ended(plan, result);
  }

  /**
   * The nodes stacks as the file has them, with the interfaces' values: one update when it changes
   * few enough resources, else waves of whole groups, each at most {@link
   * NestedChangeSets#PLANNED_RESOURCES}. Returns false when only planned.
   */
  private boolean updateNodes(
      Plan plan,
      DeployedCluster cluster,
      Map<String, Object> full,
      Map<Integer, NodeNetwork> network)
      throws InterruptedException {
    String name = plan.name();
    int groups = plan.nested.layout().groups();
    int deployedGroups = 0;
    while (cluster.children().containsKey(ClusterLayout.nodesStack(deployedGroups + 1))) {
      deployedGroups++;
    }
    // A nodes stack not deployed yet gets no nested change set: it is created whole, its
    // resources and its own resource in the parent.
    Map<Integer, Integer> share = new TreeMap<>();
    for (int g = deployedGroups + 1; g <= groups; g++) {
      share.put(
          g,
          plan.nested.children().get(ClusterLayout.nodesStack(g)).template().resources().size()
              + 1);
    }
    int created = sum(share);
    int base = TemplateDocument.of(full).resources().size();
    if (deployedGroups == 0 && base + created > NestedChangeSets.PLANNED_RESOURCES) {
      return inWaves(plan, cluster, full, network, share, base);
    }
    if (plan.execute) {
      protectChildren(name);
    }
    NestedChangeSets.Judged[] judged = new NestedChangeSets.Judged[1];
    StackUpdate.Result result =
        updates.run(
            plan.execute ? plan.request(json(full)) : plan.request(json(full)).previewOnly(),
            "CloudFormation rejected the change set: ",
            cs -> {
              judged[0] =
                  NestedChangeSets.judged(
                      cloud,
                      progress,
                      name,
                      cs,
                      false,
                      true,
                      NestedChangeSets.PLANNED_RESOURCES,
                      created);
              return judged[0].verdict();
            });
    if (result.ending() == StackUpdate.Ending.REFUSED && onlyTooLarge(judged[0])) {
      // Too much for one operation: the change sets said what each group changes.
      judged[0]
          .perStack()
          .forEach(
              (id, n) -> {
                int g = ClusterLayout.groupOfNodesStack(id);
                if (g > 0) {
                  share.put(g, n + 1);
                }
              });
      return inWaves(
          plan,
          cluster,
          full,
          network,
          share,
          judged[0].changes() - created - sum(judged[0].perStack()));
    }
    return ended(plan, result);
  }

  private static int sum(Map<?, Integer> share) {
    return share.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Whether the only refusal is the operation's size, which waves mend. */
  private static boolean onlyTooLarge(NestedChangeSets.Judged judged) {
    return judged != null
        && judged.verdict().refusals().size() == 1
        && judged.verdict().refusals().get(0).startsWith(NestedChangeSets.TOO_LARGE);
  }

  /**
   * The update in waves: each a parent whose nodes stacks of the wave's groups (and of the waves
   * before) are the file's, every other as deployed, each at most the planned resources; judged and
   * run one after the other. A kill between waves leaves the stacks consistent, and the rerun
   * starts from what they have.
   */
  private boolean inWaves(
      Plan plan,
      DeployedCluster cluster,
      Map<String, Object> full,
      Map<Integer, NodeNetwork> network,
      Map<Integer, Integer> share,
      int base)
      throws InterruptedException {
    String name = plan.name();
    List<Set<Integer>> waves = new ArrayList<>();
    Set<Integer> wave = new LinkedHashSet<>();
    int used = base;
    for (Map.Entry<Integer, Integer> g : share.entrySet()) {
      if (!wave.isEmpty() && used + g.getValue() > NestedChangeSets.PLANNED_RESOURCES) {
        waves.add(wave);
        wave = new LinkedHashSet<>();
        used = base;
      }
      wave.add(g.getKey());
      used += g.getValue();
    }
    if (!wave.isEmpty()) {
      waves.add(wave);
    }
    progress.line(
        "%s: %d resources change, more than one operation of nested stacks may (%d planned, %d"
            + " allowed): %d waves of whole groups",
        name,
        base + sum(share),
        NestedChangeSets.PLANNED_RESOURCES,
        NestedChangeSets.RESOURCES_PER_OPERATION,
        waves.size());
    for (int i = 0; i < waves.size(); i++) {
      progress.line("  wave %d: groups %s", i + 1, describe(waves.get(i)));
    }
    if (!plan.execute) {
      return false;
    }
    Set<Integer> done = new LinkedHashSet<>();
    for (int i = 0; i < waves.size(); i++) {
      done.addAll(waves.get(i));
      Map<String, Object> parent = wave(plan, cluster, full, done, network);
      progress.line("[wave %d/%d] groups %s", i + 1, waves.size(), describe(waves.get(i)));
      protectChildren(name);
      StackUpdate.Result result =
          updates.run(
              plan.request(json(parent)),
              "CloudFormation rejected the change set: ",
              cs -> NestedChangeSets.judge(cloud, progress, name, cs, false, true));
      if (!ended(plan, result)) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Set<Integer> groups) {
    List<Integer> g = new ArrayList<>(groups);
    return g.size() <= 2
        ? String.join(", ", g.stream().map(String::valueOf).toList())
        : g.get(0) + " to " + g.get(g.size() - 1);
  }

  /**
   * {@code target} with the nodes stacks of {@code fromTarget} as the file has them and every other
   * as deployed, its values written out and its template uploaded again.
   */
  private Map<String, Object> wave(
      Plan plan,
      DeployedCluster cluster,
      Map<String, Object> target,
      Set<Integer> fromTarget,
      Map<Integer, NodeNetwork> network) {
    Map<String, String> keptUrls = new TreeMap<>();
    Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
    return ClusterLayout.mixNodesStacks(
        target,
        cluster.template().root(),
        fromTarget,
        g ->
            keptUrls.computeIfAbsent(
                ClusterLayout.nodesStack(g),
                id ->
                    TemplateBucket.upload(cloud, plan.bucket, plan.name(), cluster.childBody(id))),
        (stack, output) ->
            outputs.computeIfAbsent(stack, s -> networkOutputs(cluster, s)).get(output));
  }

  /** A network stack's outputs, by name (one DescribeStacks). */
  private Map<String, String> networkOutputs(DeployedCluster cluster, String logicalId) {
    String id = cluster.children().get(logicalId);
    return id == null
        ? Map.of()
        : cloud.stacks().describeStack(id).map(Stack::outputs).orElse(Map.of());
  }

  /**
   * Each node's interface id and address as its network stack created it (one DescribeStacks per
   * network stack), for the first {@code nodes} nodes; nodes whose interface does not exist are
   * left out.
   */
  private Map<Integer, NodeNetwork> network(DeployedCluster cluster, int nodes) {
    Map<Integer, NodeNetwork> out = new TreeMap<>();
    Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
    ClusterLayout layout = cluster.layout().withNodes(nodes);
    for (int n = 1; n <= nodes; n++) {
      String stack = layout.at(n).eniStack();
      NodeNetwork v =
          ClusterLayout.networkOf(
              outputs.computeIfAbsent(stack, s -> networkOutputs(cluster, s)), n);
      if (v != null) {
        out.put(n, v);
      }
    }
    if (out.size() < nodes) {
      throw OpsException.failed(
          cluster.name()
              + ": "
              + (nodes - out.size())
              + " nodes have no network interface in their network stacks; deploy again");
    }
    return out;
  }

  /** Whether the parent the file asks for is the deployed one (nested stacks never compare). */
  private static boolean sameTemplate(Map<String, Object> full, DeployedCluster cluster) {
    return full.equals(cluster.template().root());
  }

  /** How an update ended; true when it ran and succeeded, false when only planned. */
  private boolean ended(Plan plan, StackUpdate.Result result) {
    String name = plan.name();
    switch (result.ending()) {
      case NO_CHANGES:
        return true;
      case REFUSED:
        throw OpsException.refused(
            "the change sets would lose data, take more than one node out of service, or fail;"
                + " nothing was changed");
      case PREVIEWED:
        return false;
      default:
        if (!result.succeeded()) {
          throw OpsException.failed(
              "updating "
                  + name
                  + " failed; the stack is "
                  + result.status()
                  + " (every volume and interface is as before; fix the cause and deploy again)"
                  + result.outcome().reasons());
        }
        return true;
    }
  }

  private static String json(Map<String, Object> template) {
    try {
      return JSON.writeValueAsString(template);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Existing nodes keep the AMI they run and the snapshot their volume came from, as the deployed
   * parent writes them (an AMI changes only through roll); new nodes get the file's.
   */
  private Map<Integer, NodeValues> values(ClusterSpec spec, DeployedCluster cluster) {
    Map<Integer, NodeValues> deployed = new TreeMap<>();
    if (cluster != null) {
      deployed.putAll(cluster.parentValues());
    }
    Map<Integer, NodeValues> out = new TreeMap<>();
    for (NodeSpec n : spec.nodes()) {
      NodeValues running = deployed.get(n.number());
      if (running != null && !running.image().equals(n.ami())) {
        progress.line(
            "note: %s runs %s; the file says %s. deploy keeps running AMIs: change"
                + " them with 'stateful-cluster roll %s --ami %s'",
            n.name(), running.image(), n.ami(), spec.name(), n.ami());
      }
      out.put(
          n.number(),
          running != null
              ? running
              : new NodeValues(n.ami(), n.snapshot() == null ? "" : n.snapshot()));
    }
    return out;
  }

  /** Sets the stack policy on every child stack (one call each); returns how many there are. */
  private int protectChildren(String name) {
    int children = 0;
    for (StackResource r : cloud.stacks().listStackResources(name)) {
      if (r.nestedStack() && r.physicalId() != null && !r.physicalId().isEmpty()) {
        cloud.stacks().setStackPolicy(r.physicalId(), Deployer.policy());
        children++;
      }
    }
    return children;
  }
}
