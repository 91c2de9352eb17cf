package dev.statefulcluster.ops;

import dev.statefulcluster.ops.cluster.ClusterStack;
import dev.statefulcluster.ops.stack.TemplateDocument;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.spec.SpecError;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.ResourceProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a cluster file with the stack it would update and refuses, naming the file's lines,
 * every change that would replace or delete a node's network interface or volume, or that EBS
 * cannot make: before a change set exists, so the user sees the reason in terms of the file.
 */
final class UpdateGuard {
  private UpdateGuard() {}

  /**
   * {@code volumes}: each node's volume as EBS has it. A rolled-back grow leaves it larger than the
   * deployed template says (a file asking for less would be a shrink), and a modification still in
   * progress makes EBS refuse the next one.
   */
  static List<SpecError> check(
      ClusterSpec spec,
      TemplateDocument deployed,
      TemplateDocument proposed,
      Map<String, String> parameters,
      Map<Integer, VolumeSizes.Live> volumes) {
    List<SpecError> errors = new ArrayList<>();
    int deployedNodes = deployed.nodeCount();
    if (spec.nodes().size() < deployedNodes) {
      errors.add(
          spec.source()
              .error(
                  "nodes",
                  "the cluster has "
                      + deployedNodes
                      + " nodes but"
                      + " the file lists "
                      + spec.nodes().size()
                      + "; removing a node would delete its volume"
                      + " and address, which only 'stateful-cluster destroy' does"));
    }
    for (NodeSpec node : spec.nodes()) {
      int n = node.number();
      if (n > deployedNodes) {
        continue;
      }
      String path = spec.nodePath(n);
      String eni = ClusterLayout.node(n).eni();
      String volume = ClusterLayout.node(n).volume();
      if (changed(deployed, proposed, eni, ResourceProperties.SUBNET)) {
        errors.add(
            spec.source()
                .error(
                    path,
                    node.name()
                        + "'s interface is in "
                        + deployed.property(eni, ResourceProperties.SUBNET)
                        + "; another subnet would replace it and change"
                        + " the node's address. A node keeps its subnet for good"));
      }
      if (changed(deployed, proposed, eni, ResourceProperties.PRIVATE_IP)) {
        Object old = deployed.property(eni, ResourceProperties.PRIVATE_IP);
        errors.add(
            spec.source()
                .error(
                    path + ".privateIp",
                    old == null
                        ? "pinning an address on an existing node would replace its interface; leave"
                            + " privateIp out ("
                            + node.name()
                            + " keeps its address)"
                        : node.name()
                            + " has address "
                            + old
                            + "; another would replace its interface"));
      }
      if (changed(deployed, proposed, volume, ResourceProperties.ZONE)) {
        errors.add(
            spec.source()
                .error(
                    path,
                    node.name()
                        + "'s volume is in "
                        + deployed.property(volume, ResourceProperties.ZONE)
                        + " and cannot move to "
                        + proposed.property(volume, ResourceProperties.ZONE)));
      }
      for (String fixed : List.of(ResourceProperties.ENCRYPTED, ResourceProperties.KMS_KEY)) {
        if (changed(deployed, proposed, volume, fixed)) {
          errors.add(
              spec.source()
                  .error(
                      "volume."
                          + (fixed.equals(ResourceProperties.ENCRYPTED) ? "encrypted" : "kmsKey"),
                      "the encryption of existing volumes cannot change ("
                          + node.name()
                          + ": "
                          + fixed
                          + " is "
                          + deployed.property(volume, fixed)
                          + ")"));
        }
      }
      long templateSize = number(deployed.property(volume, ResourceProperties.SIZE));
      VolumeSizes.Live live = volumes.get(n);
      Integer real = live == null ? null : live.size();
      if (real != null && real > templateSize) {
        if (number(proposed.property(volume, ResourceProperties.SIZE)) < real) {
          errors.add(
              spec.source()
                  .error(
                      "volume.size",
                      "EBS volumes cannot shrink: "
                          + node.name()
                          + "'s is "
                          + real
                          + " GiB (its template says "
                          + templateSize
                          + " GiB: CloudFormation does not shrink a volume when it rolls back an update"
                          + " that grew it); write at least "
                          + real));
        }
      } else if (number(proposed.property(volume, ResourceProperties.SIZE)) < templateSize) {
        errors.add(
            spec.source()
                .error(
                    "volume.size",
                    "EBS volumes cannot shrink: "
                        + node.name()
                        + "'s is "
                        + deployed.property(volume, ResourceProperties.SIZE)
                        + " GiB"));
      }
      // Asking for the size the volume already has (after a rolled-back grow) modifies nothing.
      boolean resized =
          real == null
              ? changed(deployed, proposed, volume, ResourceProperties.SIZE)
              : number(proposed.property(volume, ResourceProperties.SIZE)) != real;
      boolean modified =
          resized
              || List.of(
                      ResourceProperties.VOLUME_TYPE,
                      ResourceProperties.IOPS,
                      ResourceProperties.THROUGHPUT)
                  .stream()
                  .anyMatch(p -> changed(deployed, proposed, volume, p));
      if (modified && live != null && live.modifying()) {
        // EBS refuses it, and CloudFormation holds the update for hours before failing it
        // (docs/aws-facts.md, "Checked again: Volume rollbacks").
        errors.add(
            spec.source()
                .error(
                    "volume",
                    node.name()
                        + "'s volume is still "
                        + live.modification()
                        + (live.progress() == null ? "" : " (" + live.progress() + "%)")
                        + " from its last modification; EBS takes a new one only once it completed,"
                        + " and CloudFormation would hold the update for hours before failing it. Deploy"
                        + " again once it completed"));
      }
      String deployedSnapshot = ClusterStack.snapshot(parameters, deployed, n);
      String wanted = node.snapshot() == null ? "" : node.snapshot();
      if (!wanted.equals(deployedSnapshot)) {
        errors.add(
            spec.source()
                .error(
                    spec.nodesCounted() ? "nodes.snapshots" : path + ".snapshot",
                    node.name()
                        + "'s volume was created "
                        + (deployedSnapshot.isEmpty() ? "blank" : "from " + deployedSnapshot)
                        + "; a snapshot is read only when a volume is created, and another would replace"
                        + " the volume. Restore into a new cluster instead"));
      }
    }
    // Volume size, IOPS and the like repeat for every node: say each once.
    return errors.stream().distinct().toList();
  }

  private static boolean changed(TemplateDocument a, TemplateDocument b, String id, String prop) {
    return !Objects.equals(normalize(a.property(id, prop)), normalize(b.property(id, prop)));
  }

  private static Object normalize(Object v) {
    return v instanceof Number n ? n.longValue() : v;
  }

  private static long number(Object v) {
    return v instanceof Number n ? n.longValue() : Long.MAX_VALUE;
  }
}
