package dev.statefulcluster.cloud;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The EC2 calls the operations make. Describe calls take ids and return the ones that exist, in no
 * promised order; an id that does not exist is simply absent from the answer (AWS answers {@code
 * Invalid…ID.NotFound} for the whole call; the implementation narrows that down), so callers can
 * say exactly which one is missing.
 */
public interface Ec2Api {

  List<Subnet> describeSubnets(Collection<String> subnetIds);

  List<Vpc> describeVpcs(Collection<String> vpcIds);

  List<Image> describeImages(Collection<String> imageIds);

  /** DescribeKeyPairs by name; returns the names that exist. */
  List<String> describeKeyPairs(Collection<String> keyNames);

  List<SecurityGroup> describeSecurityGroups(Collection<String> groupIds);

  List<Snapshot> describeSnapshots(Collection<String> snapshotIds);

  /** DescribeSnapshots owned by this account whose tags include every given tag. */
  List<Snapshot> findSnapshots(Map<String, String> tags);

  /**
   * DescribeSnapshots owned by this account taken of any of these volumes (a {@code volume-id}
   * filter, all pages). The volume id is what names a volume's snapshot without relying on which
   * tags were copied to it; a volume that no longer exists still finds its snapshots.
   */
  List<Snapshot> snapshotsOfVolumes(Collection<String> volumeIds);

  /**
   * CreateTags: adds or overwrites these tags on every resource (snapshot, volume). Idempotent, so
   * a retried or repeated call does no harm.
   */
  void createTags(Collection<String> resourceIds, Map<String, String> tags);

  /** CreateSnapshot with the tags applied at creation; returns the snapshot id. */
  String createSnapshot(String volumeId, String description, Map<String, String> tags);

  List<Volume> describeVolumes(Collection<String> volumeIds);

  /** DescribeVolumesModifications: the most recent modification of each volume that has one. */
  List<VolumeModification> describeVolumesModifications(Collection<String> volumeIds);

  List<Instance> describeInstances(Collection<String> instanceIds);

  /**
   * DescribeInstanceStatus of these instances whatever their state (IncludeAllInstances), all
   * pages: the state, the system and instance status checks and the scheduled events of each. An
   * instance EC2 no longer knows is absent from the answer.
   */
  List<InstanceStatus> describeInstanceStatus(Collection<String> instanceIds);

  /**
   * DescribeInstanceTypes by name: what an AMI must agree with before an instance of the type can
   * boot it (architecture, ENA, boot mode).
   */
  List<InstanceType> describeInstanceTypes(Collection<String> names);

  /** DescribeNetworkInterfaces by id: whether an interface is free or still held by an instance. */
  List<NetworkInterface> describeNetworkInterfaces(Collection<String> interfaceIds);

  /**
   * GetConsoleOutput, decoded: the instance's serial console text. The node script writes one line
   * per prepare or grow there ({@code stateful-cluster: filesystem …}), which lets the operator see
   * a node's filesystem size without any agent or extra permission on the node. With {@code latest}
   * the console as it is now, which EC2 gives only on a Nitro type ({@link
   * InstanceType#hypervisor()}); without, what EC2 posted shortly after the instance's last boot,
   * reboot or stop. Empty when there is none.
   */
  String getConsoleOutput(String instanceId, boolean latest);

  record Subnet(String id, String vpcId, String availabilityZone, String cidrBlock) {}

  record Vpc(String id, String cidrBlock) {}

  /**
   * {@code state} is available, pending, failed…; {@code rootDeviceName} e.g. /dev/xvda; {@code
   * enaSupport} null when EC2 does not say; {@code bootMode} legacy-bios, uefi, uefi-preferred or
   * null (the instance type's default).
   */
  record Image(
      String id,
      String name,
      String state,
      String architecture,
      String rootDeviceName,
      Boolean enaSupport,
      String bootMode) {
    public Image(String id, String name, String state, String architecture, String rootDevice) {
      this(id, name, state, architecture, rootDevice, null, null);
    }
  }

  /**
   * {@code architectures}: x86_64, arm64…; {@code enaSupport}: unsupported, supported or required;
   * {@code bootModes}: legacy-bios and/or uefi; {@code autoRecoverySupported}: whether EC2 can
   * recover an instance of the type on another host (a CloudWatch recover action, or simplified
   * automatic recovery), null when EC2 does not say; {@code hypervisor}: nitro or xen, null when
   * EC2 does not say (bare metal has none).
   */
  record InstanceType(
      String name,
      List<String> architectures,
      String enaSupport,
      List<String> bootModes,
      Boolean autoRecoverySupported,
      String hypervisor) {
    public InstanceType {
      architectures = List.copyOf(architectures);
      bootModes = List.copyOf(bootModes);
    }

    public InstanceType(
        String name,
        List<String> architectures,
        String enaSupport,
        List<String> bootModes,
        Boolean autoRecoverySupported) {
      this(name, architectures, enaSupport, bootModes, autoRecoverySupported, null);
    }

    public InstanceType(
        String name, List<String> architectures, String enaSupport, List<String> bootModes) {
      this(name, architectures, enaSupport, bootModes, null, null);
    }

    /** GetConsoleOutput's {@code Latest} works on it. */
    public boolean latestConsole() {
      return "nitro".equals(hypervisor);
    }
  }

  /**
   * {@code status} is available, in-use, attaching, detaching…; {@code instanceId} the instance it
   * is attached to, null when none.
   */
  /** {@code privateIp}: its primary private address. */
  record NetworkInterface(String id, String status, String instanceId, String privateIp) {}

  record SecurityGroup(String id, String vpcId, String name) {}

  /** {@code state} is pending, completed, error; sizes in GiB. */
  record Snapshot(
      String id,
      String volumeId,
      String state,
      String progress,
      int volumeSize,
      boolean encrypted,
      String kmsKeyId,
      Instant startTime,
      String description,
      Map<String, String> tags) {
    public Snapshot {
      tags = Map.copyOf(tags);
    }
  }

  /** {@code state} is creating, available, in-use, deleting, deleted, error. */
  record Volume(
      String id,
      String availabilityZone,
      int size,
      String volumeType,
      Integer iops,
      Integer throughput,
      boolean encrypted,
      String kmsKeyId,
      String snapshotId,
      String state,
      List<Attachment> attachments,
      Map<String, String> tags) {
    public Volume {
      attachments = List.copyOf(attachments);
      tags = Map.copyOf(tags);
    }

    /** {@code state} is attaching, attached, detaching, detached, busy. */
    public record Attachment(String instanceId, String device, String state) {}
  }

  /**
   * {@code state} is modifying, optimizing, completed or failed. The new size is usable from
   * optimizing on; a volume takes a new modification only once the last one completed.
   */
  record VolumeModification(
      String volumeId,
      String state,
      String statusMessage,
      Integer targetSize,
      Integer targetIops,
      Integer targetThroughput,
      String targetVolumeType,
      Integer originalSize,
      Integer originalIops,
      Integer originalThroughput,
      String originalVolumeType,
      Long progress,
      Instant startTime,
      Instant endTime) {}

  /** {@code state} is pending, running, shutting-down, terminated, stopping, stopped. */
  record Instance(
      String id,
      String state,
      String imageId,
      String instanceType,
      String privateIpAddress,
      String availabilityZone,
      Instant launchTime,
      List<String> networkInterfaceIds,
      List<String> volumeIds) {
    public Instance {
      networkInterfaceIds = List.copyOf(networkInterfaceIds);
      volumeIds = List.copyOf(volumeIds);
    }
  }

  /**
   * One instance's health as EC2 sees it. {@code state}: pending, running, stopping, stopped,
   * shutting-down, terminated. {@code systemStatus} (the host AWS runs it on) and {@code
   * instanceStatus} (its own operating system and network): ok, impaired, insufficient-data,
   * initializing or not-applicable (an instance that is not running is not checked).
   */
  record InstanceStatus(
      String instanceId,
      String state,
      String systemStatus,
      String instanceStatus,
      List<ScheduledEvent> events) {
    public InstanceStatus {
      events = List.copyOf(events);
    }

    /** Whether a status check failed: EC2 cannot reach the host or the instance. */
    public boolean impaired() {
      return "impaired".equals(systemStatus) || "impaired".equals(instanceStatus);
    }
  }

  /**
   * A maintenance event EC2 scheduled for an instance. {@code code}: instance-reboot,
   * system-reboot, system-maintenance, instance-retirement or instance-stop; {@code description}
   * starts with "[Completed]" or "[Canceled]" once it no longer applies; {@code notBefore} is the
   * earliest time it starts.
   */
  record ScheduledEvent(String code, String description, Instant notBefore, Instant notAfter) {
    /** Whether the event is still to come (EC2 keeps completed and canceled ones for a while). */
    public boolean pending() {
      return description == null
          || !(description.startsWith("[Completed]") || description.startsWith("[Canceled]"));
    }
  }
}
