package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.cluster.DeployedCluster;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.ops.stack.NestedChangeSets;
import dev.statefulcluster.ops.stack.StackUpdate;
import dev.statefulcluster.ops.stack.TemplateBucket;
import dev.statefulcluster.ops.stack.TemplateDelivery;
import dev.statefulcluster.ops.stack.Verdict;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.synth.NestedSynthesis;
import dev.statefulcluster.synth.NodeSettings;
import dev.statefulcluster.synth.NodeValues;
import dev.statefulcluster.synth.Synthesis;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * deploy and plan of a cluster over several stacks (docs/template-design.md, "Clusters over several
 * stacks"): every child's template is uploaded before the change set, the parent names them by URL;
 * an update's change set includes the nested ones and the verdict judges all of them as one update;
 * every child gets the stack policy.
 */
final class NestedDeploy {
  private final Cloud cloud;
  private final Progress progress;
  private final StackUpdate updates;

  NestedDeploy(Cloud cloud, Progress progress, StackUpdate updates) {
    this.cloud = cloud;
    this.progress = progress;
    this.updates = updates;
  }

  /**
   * The in-place update (or the creation) of a cluster over nested stacks: every deployed instance
   * is kept on the settings it was launched with ({@code kept}, as its nodes stack's template
   * says), and the update is refused when any instance would be stopped, started or replaced. What
   * changes instances is left to the roll {@link Deployer} runs after it ({@code rolling}).
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
    Map<Integer, NodeValues> settings = settings(spec, cluster);
    NestedSynthesis nested = NestedSynthesis.of(spec, n -> kept.getOrDefault(n, target));
    TemplateBucket.Target bucket = TemplateBucket.resolve(cloud, progress, options.s3Bucket());
    Map<String, String> urls = new LinkedHashMap<>();
    nested
        .children()
        .forEach(
            (id, child) ->
                urls.put(
                    id, TemplateBucket.upload(cloud, bucket, spec.name(), child.compactBody())));
    Synthesis parent = nested.parent(settings, urls::get);
    List<Parameter> parameters =
        create ? List.of(ClusterStack.setNodeDown(0)) : List.of(ClusterStack.keepNodeDown());
    String purpose = execute ? "deploy" : "plan";
    StackUpdate.Request update =
        StackUpdate.Request.update(
                spec.name(),
                purpose,
                "stateful-cluster " + purpose,
                TemplateDelivery.body(parent.compactBody(), bucket.bucket()),
                parameters)
            .withStackPolicy(Deployer.policy())
            // The file's tags go on the stack; CloudFormation puts them on every resource.
            .withStackTags(spec.tags())
            .withNestedStacks();
    int resources =
        parent.template().resources().size()
            + nested.children().values().stream()
                .mapToInt(c -> c.template().resources().size())
                .sum();
    StackUpdate.Request request = create ? update.creating(resources) : update;
    if (!create && execute) {
      // Every child is protected before the update reaches it (a child a past update added, too).
      protectChildren(spec.name());
    }
    String name = spec.name();
    StackUpdate.Result result =
        updates.run(
            execute ? request : request.previewOnly(),
            "CloudFormation rejected the change set: ",
            cs -> judge(name, cs, create, !create));
    switch (result.ending()) {
      case NO_CHANGES:
        if (!rolling) {
          progress.line("%s: no changes: the stacks already match the file", name);
        } else {
          progress.line("%s: no changes in place", name);
        }
        return Deployer.Outcome.NO_CHANGES;
      case REFUSED:
      case PREVIEWED:
        if (create) {
          cloud.stacks().deleteStack(name);
        }
        if (result.ending() == StackUpdate.Ending.REFUSED) {
          throw OpsException.refused(
              "the change sets would lose data, take more than one node"
                  + " out of service, or fail; nothing was changed");
        }
        return Deployer.Outcome.PLANNED;
      default:
        if (!result.succeeded()) {
          throw OpsException.failed(
              (create ? "creating " : "updating ")
                  + name
                  + " failed; the stack is "
                  + result.status()
                  + (create
                      ? " (deploy again: it removes the empty stack and starts over)"
                      : " (every volume and interface is as before; fix the cause and deploy"
                          + " again)")
                  + result.outcome().reasons());
        }
        int children = protectChildren(name);
        if (create) {
          cloud.stacks().setStackPolicy(name, Deployer.policy());
          cloud.stacks().setTerminationProtection(name, true);
        }
        progress.line(
            "%s: %d nodes over %d nested stacks, each protected by the stack policy",
            name, spec.nodes().size(), children);
        return create ? Deployer.Outcome.CREATED : Deployer.Outcome.UPDATED;
    }
  }

  /**
   * Existing nodes keep the AMI they run and the snapshot their volume came from, as the deployed
   * parent writes them (an AMI changes only through roll); new nodes get the file's.
   */
  private Map<Integer, NodeValues> settings(ClusterSpec spec, DeployedCluster cluster) {
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

  Verdict judge(String name, ChangeSet root, boolean create, boolean inPlace) {
    return NestedChangeSets.judge(cloud, progress, name, root, create, inPlace);
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
