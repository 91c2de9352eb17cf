package dev.statefulcluster.ops.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.ops.stack.ChangeSetTable;
import dev.statefulcluster.ops.stack.NestedChangeSets;
import dev.statefulcluster.ops.stack.StackUpdate;
import dev.statefulcluster.ops.stack.StackWatcher;
import dev.statefulcluster.ops.stack.TemplateBucket;
import dev.statefulcluster.ops.stack.TemplateDelivery;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.ops.stack.Verdict;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.NestedSynthesis;
import dev.statefulcluster.synth.NodeSettings;
import dev.statefulcluster.synth.Synthesis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How one {@link ClusterStep} is written for the cluster's layout, judged and run: in one stack, an
 * update of NodeDown and the image parameters (with the file's template when instances roll to its
 * settings); over nested stacks, an update of the parent's NodeDown with the deployed parent
 * rewritten (each node's AMI in its nodes stack's Parameters, every child's TemplateURL as uploaded
 * again, and the nodes stacks of nodes that change settings synthesized again), judged over every
 * nested change set. Either way the verdict refuses anything but instances moving. It keeps what
 * each step deployed, so the next is written from there.
 */
public final class StepWriter {
  private final DeployedCluster cluster;
  private final Cloud cloud;
  private final Progress progress;
  private final StackUpdate updates;
  private final ClusterSpec spec;
  private final String bucket;
  private String parentBody;
  private final Map<String, String> childBodies = new LinkedHashMap<>();
  private final Map<Integer, NodeSettings> deployedSettings = new TreeMap<>();
  private TemplateBucket.Target target;

  /**
   * {@code spec}: the cluster file whose settings instances roll to (null when only AMIs change);
   * {@code bucket}: the user's bucket for templates, null for the tool's own.
   */
  public StepWriter(
      DeployedCluster cluster,
      Cloud cloud,
      Progress progress,
      StackUpdate updates,
      ClusterSpec spec,
      String bucket) {
    this.cluster = cluster;
    this.cloud = cloud;
    this.progress = progress;
    this.updates = updates;
    this.spec = spec;
    this.bucket = bucket;
    this.parentBody = cluster.templateBody();
  }

  /**
   * Runs the step; the outcome says how the update ended (a rollback too). Throws when
   * CloudFormation rejects it, finds nothing to change, or the verdict refuses it (nothing changed
   * then).
   */
  public StackWatcher.Outcome apply(ClusterStep step) throws InterruptedException {
    return cluster.nested() ? nested(step) : single(step);
  }

  private static final String REJECTED = "CloudFormation rejected the roll step: ";

  private StackWatcher.Outcome single(ClusterStep step) throws InterruptedException {
    String name = cluster.name();
    Map<String, String> params = new ClusterStack(cloud, name).describeOrNotFound().parameters();
    Synthesis synthesis =
        step.settings() == null ? null : Synthesis.of(spec, step.settings()::get, step.launched());
    // A step that sends a template sends only the parameters it declares: a stack deployed by an
    // earlier shape has parameters (the snapshots') that today's template writes as values.
    Set<String> declared =
        synthesis == null
            ? params.keySet()
            : TemplateDocument.of(synthesis.template().render()).parameters();
    Map<String, Integer> imageParameters = new TreeMap<>();
    step.images().keySet().forEach(n -> imageParameters.put(cluster.node(n).imageParameter(), n));
    List<Parameter> parameters = new ArrayList<>();
    for (String key : params.keySet()) {
      if (!declared.contains(key)) {
        continue;
      }
      if (key.equals(ClusterLayout.nodeDownParameter())) {
        parameters.add(ClusterStack.setNodeDown(step.downValue()));
      } else if (imageParameters.containsKey(key)
          && !step.images().get(imageParameters.get(key)).equals(params.get(key))) {
        int n = imageParameters.get(key);
        parameters.add(ClusterStack.setImage(n, step.images().get(n)));
      } else {
        parameters.add(Parameter.previous(key));
      }
    }
    TemplateDelivery template =
        synthesis == null
            ? TemplateDelivery.previous()
            : TemplateDelivery.body(synthesis.compactBody(), bucket);
    return run(
        StackUpdate.Request.update(
            name, "roll", "stateful-cluster roll: " + step.description(), template, parameters),
        Verdict::of);
  }

  private StackWatcher.Outcome nested(ClusterStep step) throws InterruptedException {
    String name = cluster.name();
    if (childBodies.isEmpty()) {
      childBodies.putAll(cluster.childBodies());
    }
    if (target == null) {
      target = TemplateBucket.resolve(cloud, progress, bucket);
    }
    Map<String, String> bodies = new LinkedHashMap<>(childBodies);
    Map<Integer, NodeSettings> settings = new TreeMap<>();
    if (step.settings() != null) {
      ClusterLayout layout = cluster.layout();
      for (int g = 1; g <= layout.groups(); g++) {
        List<Integer> members = layout.nodesOf(g);
        boolean changes =
            members.stream().anyMatch(n -> !step.settings().get(n).equals(deployed(n)));
        if (changes) {
          bodies.put(
              ClusterLayout.nodesStack(g),
              NestedSynthesis.nodes(spec, g, step.settings()::get).compactBody());
          members.forEach(n -> settings.put(n, step.settings().get(n)));
        }
      }
    }
    Map<String, String> urls = new LinkedHashMap<>();
    bodies.forEach((id, body) -> urls.put(id, TemplateBucket.upload(cloud, target, name, body)));
    Map<String, Object> parent = TemplateDocument.parse(parentBody).root();
    // A parent deployed with its nodes stacks reading the network stacks' outputs gets the values
    // written out: AWS's nested change sets report what depends on such a value as replaced.
    Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
    ClusterLayout.writeNetworkValues(
        parent, (stack, output) -> outputs.computeIfAbsent(stack, this::outputsOf).get(output));
    List<String> zoneValues =
        cluster.zones().values().stream()
            .distinct()
            .sorted()
            .map(ClusterLayout::zoneDownValue)
            .toList();
    ClusterLayout.rollParent(parent, step.images(), urls, zoneValues);
    String body;
    try {
      body = new ObjectMapper().writeValueAsString(parent);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    StackWatcher.Outcome outcome =
        run(
            StackUpdate.Request.update(
                    name,
                    "roll",
                    "stateful-cluster roll: " + step.description(),
                    TemplateDelivery.body(body, target.bucket()),
                    List.of(ClusterStack.setNodeDown(step.downValue())))
                .withNestedStacks(),
            cs -> tree(name, cs));
    if (outcome.stack().map(s -> s.status().succeeded()).orElse(false)) {
      parentBody = body;
      childBodies.putAll(bodies);
      deployedSettings.putAll(settings);
    }
    return outcome;
  }

  /** A child stack's outputs, by its logical id in the parent (one DescribeStacks). */
  private Map<String, String> outputsOf(String logicalId) {
    String id = cluster.children().get(logicalId);
    return id == null
        ? Map.of()
        : cloud.stacks().describeStack(id).map(s -> s.outputs()).orElse(Map.of());
  }

  /** The settings node {@code n}'s deployed nodes stack launches it with. */
  private NodeSettings deployed(int n) {
    return deployedSettings.computeIfAbsent(
        n, k -> cluster.settings(k, spec == null ? null : NodeSettings.of(spec)));
  }

  /** Every change of the tree judged as one update; printed only when refused. */
  private Verdict tree(String name, ChangeSet root) {
    return NestedChangeSets.judge(cloud, Progress.silent(), name, root, false, false);
  }

  private StackWatcher.Outcome run(StackUpdate.Request request, StackUpdate.Judge judge)
      throws InterruptedException {
    StackUpdate.Result result = updates.run(request, REJECTED, judge);
    switch (result.ending()) {
      case NO_CHANGES:
        // Moving NodeDown always changes something; nothing to change means the stack is not
        // where this step thinks it is.
        throw OpsException.failed(REJECTED + result.changeSet().statusReason());
      case REFUSED:
        ChangeSetTable.print(result.verdict(), progress);
        throw OpsException.refused(
            "the roll step would touch more than instances; nothing was changed");
      default:
        return result.outcome();
    }
  }
}
