package dev.statefulcluster.cloud.aws;

import dev.statefulcluster.cloud.Ec2Api;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2 SDK responses to the port's records. Enums travel as AWS spells them. */
final class Ec2Mapping {

  private Ec2Mapping() {}

  static Ec2Api.Subnet subnet(software.amazon.awssdk.services.ec2.model.Subnet s) {
    return new Ec2Api.Subnet(s.subnetId(), s.vpcId(), s.availabilityZone(), s.cidrBlock());
  }

  static Ec2Api.Image image(software.amazon.awssdk.services.ec2.model.Image i) {
    return new Ec2Api.Image(
        i.imageId(),
        i.name(),
        i.stateAsString(),
        i.architectureAsString(),
        i.rootDeviceName(),
        i.enaSupport(),
        i.bootModeAsString());
  }

  static Ec2Api.InstanceType instanceType(
      software.amazon.awssdk.services.ec2.model.InstanceTypeInfo t) {
    return new Ec2Api.InstanceType(
        t.instanceTypeAsString(),
        t.processorInfo() == null ? List.of() : t.processorInfo().supportedArchitecturesAsStrings(),
        t.networkInfo() == null ? null : t.networkInfo().enaSupportAsString(),
        t.supportedBootModesAsStrings(),
        t.autoRecoverySupported(),
        t.hypervisorAsString());
  }

  static Ec2Api.NetworkInterface networkInterface(
      software.amazon.awssdk.services.ec2.model.NetworkInterface n) {
    return new Ec2Api.NetworkInterface(
        n.networkInterfaceId(),
        n.statusAsString(),
        n.attachment() == null ? null : n.attachment().instanceId(),
        n.privateIpAddress());
  }

  static Ec2Api.Snapshot snapshot(software.amazon.awssdk.services.ec2.model.Snapshot s) {
    return new Ec2Api.Snapshot(
        s.snapshotId(),
        s.volumeId(),
        s.stateAsString(),
        s.progress(),
        s.volumeSize() == null ? 0 : s.volumeSize(),
        Boolean.TRUE.equals(s.encrypted()),
        s.kmsKeyId(),
        s.startTime(),
        s.description(),
        tags(s.tags()));
  }

  static Ec2Api.Volume volume(software.amazon.awssdk.services.ec2.model.Volume v) {
    return new Ec2Api.Volume(
        v.volumeId(),
        v.availabilityZone(),
        v.size() == null ? 0 : v.size(),
        v.volumeTypeAsString(),
        v.iops(),
        v.throughput(),
        Boolean.TRUE.equals(v.encrypted()),
        v.kmsKeyId(),
        // AWS sends an empty snapshotId for a volume not made from a snapshot.
        v.snapshotId() == null || v.snapshotId().isEmpty() ? null : v.snapshotId(),
        v.stateAsString(),
        v.attachments().stream()
            .map(a -> new Ec2Api.Volume.Attachment(a.instanceId(), a.device(), a.stateAsString()))
            .toList(),
        tags(v.tags()));
  }

  static Ec2Api.VolumeModification modification(
      software.amazon.awssdk.services.ec2.model.VolumeModification m) {
    return new Ec2Api.VolumeModification(
        m.volumeId(),
        m.modificationStateAsString(),
        m.statusMessage(),
        m.targetSize(),
        m.targetIops(),
        m.targetThroughput(),
        m.targetVolumeTypeAsString(),
        m.originalSize(),
        m.originalIops(),
        m.originalThroughput(),
        m.originalVolumeTypeAsString(),
        m.progress(),
        m.startTime(),
        m.endTime());
  }

  /** Network interfaces by device index (the node's own ENI, index 0, first). */
  static Ec2Api.Instance instance(software.amazon.awssdk.services.ec2.model.Instance i) {
    List<String> enis =
        i.networkInterfaces().stream()
            .sorted(
                Comparator.comparing(
                    (InstanceNetworkInterface n) ->
                        n.attachment() == null || n.attachment().deviceIndex() == null
                            ? Integer.MAX_VALUE
                            : n.attachment().deviceIndex()))
            .map(InstanceNetworkInterface::networkInterfaceId)
            .toList();
    List<String> volumes =
        i.blockDeviceMappings().stream()
            .map(InstanceBlockDeviceMapping::ebs)
            .filter(Objects::nonNull)
            .map(ebs -> ebs.volumeId())
            .filter(Objects::nonNull)
            .toList();
    return new Ec2Api.Instance(
        i.instanceId(),
        i.state() == null ? null : i.state().nameAsString(),
        i.imageId(),
        i.instanceTypeAsString(),
        i.privateIpAddress(),
        i.placement() == null ? null : i.placement().availabilityZone(),
        i.launchTime(),
        enis,
        volumes);
  }

  static Ec2Api.InstanceStatus instanceStatus(
      software.amazon.awssdk.services.ec2.model.InstanceStatus s) {
    return new Ec2Api.InstanceStatus(
        s.instanceId(),
        s.instanceState() == null ? null : s.instanceState().nameAsString(),
        s.systemStatus() == null ? null : s.systemStatus().statusAsString(),
        s.instanceStatus() == null ? null : s.instanceStatus().statusAsString(),
        s.events().stream()
            .map(
                e ->
                    new Ec2Api.ScheduledEvent(
                        e.codeAsString(), e.description(), e.notBefore(), e.notAfter()))
            .toList());
  }

  private static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(t -> map.put(t.key(), t.value() == null ? "" : t.value()));
    return map;
  }
}
