package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.statefulcluster.cloud.CloudException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * AWS::EC2::Volume. Its schema lists no create-only property, so a change set reports any change as
 * Modify with Replacement False; at execution Size, VolumeType, Iops and Throughput become a
 * ModifyVolume, while AvailabilityZone, Encrypted, KmsKeyId and SnapshotId cannot change and the
 * update fails (it is never a replacement). The resource update completes when the modification
 * reaches optimizing, the point from which the new size is usable. A rollback never shrinks a
 * volume; an update EBS refuses because the last modification is not completed waits for hours.
 */
final class VolumeProvider extends BaseProvider {
  /** CloudFormation's message for a change it cannot make to a volume. */
  static final String NOT_UPDATABLE =
      "Volume properties other than AutoEnableIO, type, size, and IOPS cannot be updated. Change the"
          + " properties back to previous values and update the stack again.";

  private static final List<String> NOT_MODELED =
      List.of("OutpostArn", "SourceVolumeId", "VolumeInitializationRate", "AvailabilityZoneId");

  /** Volumes whose last update CloudFormation gave up on after the long wait, with the reason. */
  private final Map<String, String> gaveUp = new HashMap<>();

  VolumeProvider(SimContext ctx, Ec2Model ec2) {
    super(ctx, ec2, "AmazonEC2");
  }

  @Override
  public String type() {
    return "AWS::EC2::Volume";
  }

  @Override
  public Set<String> attributes() {
    return Set.of("VolumeId");
  }

  @Override
  public void create(Request r, OpHandle h) {
    ObjectNode p = r.properties();
    attempt(
        h,
        () -> {
          for (String name : NOT_MODELED) {
            if (p.has(name)) {
              throw ApiErrors.validation(
                  "Volume property " + name + " is not modeled by the in-memory EC2");
            }
          }
          SimVolume[] v = new SimVolume[1];
          v[0] =
              ec2.volumes.create(
                  new Volumes.Spec(
                      Props.text(p, "AvailabilityZone"),
                      Props.integer(p, "Size"),
                      Props.text(p, "VolumeType"),
                      Props.integer(p, "Iops"),
                      Props.integer(p, "Throughput"),
                      Props.bool(p, "Encrypted", false),
                      Props.text(p, "KmsKeyId"),
                      Props.text(p, "SnapshotId"),
                      ec2Tags(r)),
                  () -> h.succeeded(attributes(v[0].id)));
          v[0].autoEnableIo = Props.bool(p, "AutoEnableIO", false);
          h.initiated(v[0].id);
        });
  }

  @Override
  public void update(Request r, String physicalId, ObjectNode previous, OpHandle h) {
    apply(r, physicalId, previous, h, false);
  }

  /**
   * A rollback's update back. "CloudFormation does not attempt to modify an Amazon EBS volume to a
   * smaller size on rollback": a grown volume keeps its size and the rollback completes; a type,
   * IOPS or throughput is still reverted, which EBS can refuse (docs/aws-facts.md, "Checked again:
   * Volume rollbacks"). A volume whose update CloudFormation gave up on after the long wait fails
   * its rollback too, as the knowledge-center article describes; a retry (ContinueUpdateRollback)
   * tries again.
   */
  @Override
  public void restore(Request r, String physicalId, ObjectNode attempted, OpHandle h) {
    String reason = gaveUp.remove(physicalId);
    if (reason != null) {
      after(SimLatencies.Step.PROPERTY_UPDATE, () -> h.failed(reason));
      return;
    }
    apply(r, physicalId, attempted, h, true);
  }

  private void apply(
      Request r, String physicalId, ObjectNode previous, OpHandle h, boolean rollback) {
    ObjectNode p = r.properties();
    attempt(
        h,
        () -> {
          SimVolume v = ec2.volumes.get(physicalId);
          if (frozenChanged(previous, p, v)) {
            throw ApiErrors.validation(NOT_UPDATABLE);
          }
          BaseProvider.retag(v.tags, r);
          v.autoEnableIo = Props.bool(p, "AutoEnableIO", false);
          String type = Props.text(p, "VolumeType");
          int size = Props.integer(p, "Size") != null ? Props.integer(p, "Size") : v.size;
          if (rollback) {
            size = Math.max(size, v.size);
          }
          EbsLimits.Config wanted =
              EbsLimits.check(type, size, Props.integer(p, "Iops"), Props.integer(p, "Throughput"));
          if (wanted.equals(v.config())) {
            after(SimLatencies.Step.PROPERTY_UPDATE, () -> h.succeeded(attributes(v.id)));
            return;
          }
          try {
            ec2.volumes.modify(
                v.id,
                wanted.type(),
                wanted.size(),
                wanted.iops(),
                wanted.throughput(),
                () -> h.succeeded(attributes(v.id)));
          } catch (CloudException e) {
            if (!e.code().equals("IncorrectModificationState")) {
              throw e;
            }
            // EBS refuses while the last modification is not completed; CloudFormation does not
            // fail
            // at once but keeps the resource UPDATE_IN_PROGRESS for hours, then fails it
            // (docs/aws-facts.md, "Checked again: Volume rollbacks"). cfn-hup sees nothing
            // meanwhile.
            String reason = ApiErrors.asReason(e, "AmazonEC2");
            ctx.after(
                SimLatencies.Step.VOLUME_UPDATE_TIMEOUT,
                () -> {
                  if (!rollback) {
                    gaveUp.put(v.id, reason);
                  }
                  h.failed(reason);
                });
          }
        });
  }

  /**
   * A property that cannot be updated changed: the template asks for another value than before and
   * than the volume has (so restoring the old value in a rollback is not a change).
   */
  private static boolean frozenChanged(ObjectNode previous, ObjectNode wanted, SimVolume v) {
    String[][] actual = {
      {"AvailabilityZone", v.availabilityZone},
      {"SnapshotId", v.snapshotId},
      {"KmsKeyId", v.kmsKeyId},
    };
    for (String[] a : actual) {
      String want = Props.text(wanted, a[0]);
      if (!Objects.equals(want, Props.text(previous, a[0])) && !Objects.equals(want, a[1])) {
        return true;
      }
    }
    boolean encrypted = Props.bool(wanted, "Encrypted", false);
    return encrypted != Props.bool(previous, "Encrypted", false) && encrypted != v.encrypted;
  }

  @Override
  public void delete(Request r, String physicalId, Removal removal, OpHandle h) {
    attempt(
        h,
        () -> {
          SimVolume v = ec2.volumes.byId.get(physicalId);
          if (v == null) {
            h.succeeded(Map.of());
            return;
          }
          if (v.attachedTo != null) {
            throw ApiErrors.service(
                "VolumeInUse", "Volume " + v.id + " is currently attached to " + v.attachedTo);
          }
          if (removal == Removal.SNAPSHOT) {
            String description =
                "Created by CloudFormation for stack "
                    + r.stack().stackName()
                    + " resource "
                    + r.logicalId();
            // AWS does not document that the delete waits for the snapshot to complete (a trail
            // shows DeleteVolume 6 s after CreateSnapshot): the model does not wait either.
            ec2.snapshots.create(v, description, ownTags(v), null);
            deleteNow(v.id, h);
          } else {
            deleteNow(v.id, h);
          }
        });
  }

  /**
   * The tags CloudFormation copies to a deletion snapshot: AWS documents "all tags on the volume",
   * the volume's own; nothing says its aws:cloudformation:* tags reach the snapshot, so the model
   * leaves them out and no operation can come to rely on them (docs/aws-facts.md, "Checked again:
   * Deletion snapshots").
   */
  private static Map<String, String> ownTags(SimVolume v) {
    Map<String, String> out = new LinkedHashMap<>(v.tags);
    out.keySet().removeIf(k -> k.startsWith("aws:"));
    return out;
  }

  private void deleteNow(String volumeId, OpHandle h) {
    attempt(h, () -> ec2.volumes.delete(volumeId, () -> h.succeeded(Map.of())));
  }

  static Map<String, JsonNode> attributes(String id) {
    return Map.of("VolumeId", TextNode.valueOf(id));
  }
}
