package dev.statefulcluster.ops.stack;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.ResourceChange.Action;
import dev.statefulcluster.cloud.ResourceChange.ChangeDetail;
import dev.statefulcluster.cloud.ResourceChange.Replacement;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.ResourceProperties;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a change set may run. Refused: anything that removes or replaces a node's volume or
 * network interface; a volume change EBS cannot make in place (zone, snapshot, encryption, key),
 * which CloudFormation reports as a harmless Modify and then fails on; an instance replaced in
 * place, which deadlocks on its network interface; more than one instance stopped and started in
 * one update (CloudFormation does them all at once); a change whose effect CloudFormation leaves
 * unknown on anything that holds a node's identity, data or service; a volume grown in the same
 * update that creates or replaces its node's instance (a modifying volume cannot be attached).
 */
public record Verdict(List<String> refusals, List<String> warnings) {
  public static final String VOLUME = "AWS::EC2::Volume";
  public static final String ENI = "AWS::EC2::NetworkInterface";
  public static final String INSTANCE = "AWS::EC2::Instance";
  public static final Set<String> FIXED_VOLUME_PROPERTIES =
      Set.of(
          ResourceProperties.ZONE,
          ResourceProperties.SNAPSHOT,
          ResourceProperties.ENCRYPTED,
          ResourceProperties.KMS_KEY);
  public static final Set<String> MODIFY_VOLUME_PROPERTIES =
      Set.of(
          ResourceProperties.SIZE,
          ResourceProperties.IOPS,
          ResourceProperties.THROUGHPUT,
          ResourceProperties.VOLUME_TYPE);

  public boolean refused() {
    return !refusals.isEmpty();
  }

  public static Verdict of(ChangeSet changeSet) {
    List<String> refusals = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Set<Integer> growing = new LinkedHashSet<>();
    Set<Integer> newInstances = new LinkedHashSet<>();
    List<String> interrupted = new ArrayList<>();
    for (ResourceChange c : changeSet.changes()) {
      String what = c.logicalId() + " (" + owner(c) + ")";
      boolean durable = VOLUME.equals(c.resourceType()) || ENI.equals(c.resourceType());
      boolean modify = c.action() == Action.MODIFY;
      if (durable && c.action() == Action.REMOVE) {
        refusals.add(
            what
                + " would be deleted; only 'stateful-cluster destroy' deletes a"
                + " node's volume or network interface, after snapshotting");
      } else if (durable && modify && c.replacement() != Replacement.FALSE) {
        refusals.add(
            what
                + " would be replaced (Replacement: "
                + c.replacement()
                + because(c)
                + "); the node would lose its "
                + (VOLUME.equals(c.resourceType()) ? "data" : "address"));
      } else if (durable && !modify && c.action() != Action.ADD) {
        refusals.add(
            what
                + ": CloudFormation reports the action "
                + c.action()
                + ", which"
                + " does not say whether the node keeps its "
                + (VOLUME.equals(c.resourceType()) ? "data" : "address")
                + "; refused");
      } else if (VOLUME.equals(c.resourceType()) && modify) {
        Set<String> fixed = propertyNames(c, FIXED_VOLUME_PROPERTIES);
        if (!fixed.isEmpty()) {
          refusals.add(
              what
                  + ": "
                  + String.join(", ", fixed)
                  + " cannot change on an existing"
                  + " volume; CloudFormation would fail the update part-way");
        }
        if (!propertyNames(c, MODIFY_VOLUME_PROPERTIES).isEmpty()) {
          growing.add(ClusterLayout.nodeOf(c.logicalId()));
        }
      }
      if (INSTANCE.equals(c.resourceType())) {
        if (modify && c.replacement() == Replacement.TRUE) {
          refusals.add(
              what
                  + " would be replaced in place ("
                  + properties(c, "Always")
                  + "):"
                  + " the new instance cannot take the network interface the old one holds, so"
                  + " CloudFormation would fail and roll back; change AMIs with 'stateful-cluster"
                  + " roll'");
        } else if (modify && c.replacement() == Replacement.CONDITIONAL) {
          interrupted.add(what + " may be stopped and started to apply its changes" + because(c));
        } else if (modify && c.replacement() != Replacement.FALSE
            || !modify && c.action() != Action.ADD && c.action() != Action.REMOVE) {
          // Unknown is not safe: it could be a stop and start, or a replacement that deadlocks.
          refusals.add(
              what
                  + ": CloudFormation does not say whether it would be replaced"
                  + " (action "
                  + c.action()
                  + ", Replacement "
                  + c.replacement()
                  + "); refused,"
                  + " since it could take the node down");
        }
        if (c.action() == Action.ADD || c.replacement() == Replacement.TRUE) {
          newInstances.add(ClusterLayout.nodeOf(c.logicalId()));
        }
      }
    }
    if (interrupted.size() > 1) {
      // CloudFormation updates independent resources in parallel: every one stops at once.
      refusals.add(
          interrupted.size()
              + " instances would be stopped and started in this one"
              + " update, all at the same time: "
              + String.join("; ", interrupted)
              + ". That takes"
              + " more than one node out of service; nothing was changed");
    } else {
      warnings.addAll(interrupted);
    }
    growing.retainAll(newInstances);
    for (int node : growing) {
      refusals.add(
          ClusterLayout.nodeName(node)
              + "'s volume would be modified in the same update that"
              + " creates its instance; a volume being modified cannot be attached: grow and roll"
              + " separately");
    }
    return new Verdict(List.copyOf(refusals), List.copyOf(warnings));
  }

  /**
   * The verdict on deploy's in-place update, which keeps every instance on the settings it runs:
   * besides what {@link #of} refuses, any instance that would be stopped, started or replaced is
   * refused, since instance changes go through the roll, one node (or zone) at a time.
   */
  public static Verdict inPlace(ChangeSet changeSet) {
    Verdict v = of(changeSet);
    List<String> refusals = new ArrayList<>(v.refusals());
    Set<String> stopped = new LinkedHashSet<>();
    for (ResourceChange c : changeSet.changes()) {
      if (INSTANCE.equals(c.resourceType())
          && c.action() == Action.MODIFY
          && c.replacement() != Replacement.FALSE) {
        String refusal =
            c.logicalId()
                + " ("
                + owner(c)
                + ") would be stopped or replaced by the in-place update"
                + because(c)
                + "; instance changes are rolled node by node, never in this update";
        stopped.add(c.logicalId() + " ");
        if (refusals.stream().noneMatch(r -> r.startsWith(c.logicalId() + " "))) {
          refusals.add(refusal);
        }
      }
    }
    List<String> warnings =
        v.warnings().stream().filter(w -> stopped.stream().noneMatch(w::startsWith)).toList();
    return new Verdict(List.copyOf(refusals), warnings);
  }

  private static String because(ResourceChange c) {
    String names = properties(c, null);
    return names.isEmpty() ? "" : ", because of " + names;
  }

  private static String owner(ResourceChange c) {
    int node = ClusterLayout.nodeOf(c.logicalId());
    String kind =
        VOLUME.equals(c.resourceType())
            ? "data volume"
            : ENI.equals(c.resourceType())
                ? "network interface"
                : INSTANCE.equals(c.resourceType()) ? "instance" : c.resourceType();
    return node > 0 ? ClusterLayout.nodeName(node) + "'s " + kind : kind;
  }

  /**
   * The property names a change touches (optionally only those with this recreation), or an empty
   * string when the change set names none (a metadata change, for instance).
   */
  public static String properties(ResourceChange c, String recreation) {
    Set<String> names = new LinkedHashSet<>();
    for (ChangeDetail d : c.details()) {
      if (d.name() != null && (recreation == null || recreation.equals(d.requiresRecreation()))) {
        names.add(d.name());
      }
    }
    return String.join(", ", names);
  }

  private static Set<String> propertyNames(ResourceChange c, Set<String> among) {
    Set<String> out = new LinkedHashSet<>();
    for (ChangeDetail d : c.details()) {
      if (ResourceProperties.PROPERTIES.equals(d.attribute()) && among.contains(d.name())) {
        out.add(d.name());
      }
    }
    return out;
  }
}
