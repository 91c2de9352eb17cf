package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EC2 instances: RunInstances with its checks (image, key pair, instance profile, interfaces in
 * use), pending → running, then the Volumes attachments CloudFormation makes; termination frees the
 * interfaces and data volumes and deletes what was to go with the instance.
 */
final class Instances {
  /** One entry of NetworkInterfaces: an existing interface by id, or a new one in a subnet. */
  record Nic(
      String eniId,
      int deviceIndex,
      Boolean deleteOnTermination,
      String subnetId,
      List<String> groupIds,
      String privateIp) {}

  /** One entry of Volumes: an existing volume to attach once running. */
  record Disk(String device, String volumeId) {}

  /** A new EBS volume from BlockDeviceMappings (the root device among them). */
  record BlockDevice(
      String device,
      Integer size,
      String type,
      boolean encrypted,
      String kmsKeyId,
      boolean deleteOnTermination) {}

  record Launch(
      String imageId,
      String instanceType,
      String keyName,
      String profile,
      List<Nic> nics,
      String subnetId,
      List<String> groupIds,
      String privateIp,
      List<Disk> disks,
      List<BlockDevice> blockDevices,
      Map<String, String> tags) {}

  /** Hears how a launch ends: running with its volumes attached, or failed. */
  interface Listener {
    void running(SimInstance i);

    void failed(CloudException e);
  }

  private final SimContext ctx;
  private final Network network;
  private final Volumes volumes;
  private final Map<String, Ec2Api.Image> images;
  private final Map<String, ImageBehavior> behaviors;
  private final Set<String> keyPairs;
  private final IamModel iam;
  private final NodeAgent agent;
  private final InstanceTypes types;
  final Map<String, SimInstance> byId = new LinkedHashMap<>();

  Instances(
      SimContext ctx,
      Network network,
      Volumes volumes,
      Map<String, Ec2Api.Image> images,
      Map<String, ImageBehavior> behaviors,
      Set<String> keyPairs,
      IamModel iam,
      NodeAgent agent,
      InstanceTypes types) {
    this.ctx = ctx;
    this.types = types;
    this.network = network;
    this.volumes = volumes;
    this.images = images;
    this.behaviors = behaviors;
    this.keyPairs = keyPairs;
    this.iam = iam;
    this.agent = agent;
  }

  SimInstance get(String id) {
    SimInstance i = byId.get(id);
    if (i == null) {
      throw ApiErrors.service(
          "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
    }
    return i;
  }

  /** RunInstances: every check first, then the instance exists (pending) and running follows. */
  SimInstance run(Launch l, Listener listener) {
    Ec2Api.Image image = images.get(l.imageId());
    if (image == null) {
      throw ApiErrors.service(
          "InvalidAMIID.NotFound", "The image id '[" + l.imageId() + "]' does not exist");
    }
    Ec2Api.InstanceType type = types.find(l.instanceType() == null ? "m1.small" : l.instanceType());
    if (type != null
        && image.architecture() != null
        && !type.architectures().contains(image.architecture())) {
      // RunInstances' own wording for an AMI built for another processor.
      throw ApiErrors.service(
          "InvalidParameterValue",
          "The architecture '"
              + String.join(", ", type.architectures())
              + "' of the specified instance type does not"
              + " match the architecture '"
              + image.architecture()
              + "' of the specified AMI.");
    }
    if (l.keyName() != null && !keyPairs.contains(l.keyName())) {
      throw ApiErrors.service(
          "InvalidKeyPair.NotFound", "The key pair '" + l.keyName() + "' does not exist");
    }
    if (l.profile() != null && !iam.profileExists(l.profile())) {
      throw ApiErrors.service(
          "InvalidParameterValue",
          "Value ("
              + l.profile()
              + ") for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name");
    }
    List<Nic> nics = nics(l);
    List<SimEni> created = new ArrayList<>();
    List<SimEni> attach = new ArrayList<>();
    try {
      for (Nic n : nics) {
        if (n.eniId() != null) {
          SimEni eni = network.eni(n.eniId());
          if (eni.attachedTo != null) {
            throw ApiErrors.service(
                "InvalidNetworkInterface.InUse", "Interface: [" + eni.id + "] in use.");
          }
          attach.add(eni);
        } else {
          SimEni eni =
              network.createEni(
                  n.subnetId(), n.groupIds(), n.privateIp(), "Primary network interface");
          created.add(eni);
          attach.add(eni);
        }
      }
    } catch (CloudException e) {
      created.forEach(eni -> network.deleteEni(eni.id));
      throw e;
    }
    SimEni primary = attach.get(0);
    SimInstance i =
        new SimInstance(
            ctx.ids().next("i"),
            l.imageId(),
            primary.availabilityZone,
            primary.vpcId,
            primary.subnetId,
            primary.privateIp,
            ctx.clock().now());
    i.instanceType = l.instanceType() == null ? "m1.small" : l.instanceType();
    i.keyName = l.keyName();
    i.profile = l.profile();
    i.tags.putAll(l.tags());
    for (int k = 0; k < attach.size(); k++) {
      Nic n = nics.get(k);
      boolean deleteOnTermination =
          n.deleteOnTermination() != null ? n.deleteOnTermination() : n.eniId() == null;
      network.attach(attach.get(k), i.id, n.deviceIndex(), deleteOnTermination);
      i.eniIds.add(attach.get(k).id);
    }
    blockDevices(i, image, l.blockDevices());
    byId.put(i.id, i);
    ctx.after(SimLatencies.Step.INSTANCE_RUNNING, () -> becomeRunning(i, l.disks(), listener));
    return i;
  }

  private List<Nic> nics(Launch l) {
    if (!l.nics().isEmpty()) {
      if (l.subnetId() != null) {
        throw ApiErrors.service(
            "InvalidParameterCombination",
            "Network interfaces and an instance-level subnet ID may not be specified on the same request");
      }
      if (!l.groupIds().isEmpty()) {
        throw ApiErrors.service(
            "InvalidParameterCombination",
            "Network interfaces and an instance-level security groups may not be specified on the same request");
      }
      List<Nic> sorted = new ArrayList<>(l.nics());
      sorted.sort(Comparator.comparingInt(Nic::deviceIndex));
      if (sorted.get(0).deviceIndex() != 0) {
        throw ApiErrors.service(
            "InvalidParameterValue",
            "When specifying network interfaces, you must include a device at index 0.");
      }
      return sorted;
    }
    if (l.subnetId() == null) {
      throw ApiErrors.service("VPCIdNotSpecified", "No default VPC for this user");
    }
    return List.of(new Nic(null, 0, true, l.subnetId(), l.groupIds(), l.privateIp()));
  }

  private void blockDevices(SimInstance i, Ec2Api.Image image, List<BlockDevice> devices) {
    boolean rootGiven = devices.stream().anyMatch(d -> d.device().equals(image.rootDeviceName()));
    List<BlockDevice> all = new ArrayList<>(devices);
    if (!rootGiven) {
      all.add(0, new BlockDevice(image.rootDeviceName(), 8, "gp3", false, null, true));
    }
    for (BlockDevice d : all) {
      SimVolume v =
          volumes.create(
              new Volumes.Spec(
                  i.availabilityZone,
                  d.size() == null ? 8 : d.size(),
                  d.type() == null ? "gp3" : d.type(),
                  null,
                  null,
                  d.encrypted(),
                  d.kmsKeyId(),
                  null,
                  Map.of()),
              () -> {});
      v.state = "in-use";
      v.attachedTo = i.id;
      v.device = d.device();
      v.deleteOnTermination = d.deleteOnTermination();
      i.volumeIds.add(v.id);
      if (d.device().equals(image.rootDeviceName())) {
        i.rootVolumeId = v.id;
      }
    }
  }

  private void becomeRunning(SimInstance i, List<Disk> disks, Listener listener) {
    if (!i.state.equals("pending")) {
      return;
    }
    i.state = "running";
    i.runningSince = ctx.clock().now();
    agentStart(i);
    for (Disk d : disks) {
      try {
        volumes.attach(volumes.get(d.volumeId()), i.id, i.availabilityZone, d.device());
      } catch (CloudException e) {
        listener.failed(e);
        return;
      }
      i.volumeIds.add(d.volumeId());
      i.dataVolumeIds.add(d.volumeId());
    }
    listener.running(i);
  }

  private void agentStart(SimInstance i) {
    // A boot behaviour set for the type in the zone (see SimEc2#setPlacementBehavior) wins.
    ImageBehavior b =
        behaviors.getOrDefault(
            placementKey(i.instanceType, i.availabilityZone), behaviors.get(i.imageId));
    // Boot reads the data volumes once it ends, so attaching them now (same instant) is in time.
    agent.started(i, b);
  }

  static String placementKey(String instanceType, String availabilityZone) {
    return instanceType + "@" + availabilityZone;
  }

  /** TerminateInstances; {@code onTerminated} runs when the instance is terminated. */
  void terminate(String id, Runnable onTerminated) {
    SimInstance i = byId.get(id);
    if (i == null || i.state.equals("terminated")) {
      onTerminated.run();
      return;
    }
    if (i.disableApiTermination) {
      throw ApiErrors.service(
          "OperationNotPermitted",
          "The instance '"
              + id
              + "' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.");
    }
    i.state = "shutting-down";
    agent.stopped(i);
    ctx.after(
        SimLatencies.Step.INSTANCE_TERMINATE,
        () -> {
          terminated(i);
          onTerminated.run();
        });
  }

  /** The end of an instance, whoever asked for it. */
  private void terminated(SimInstance i) {
    if (i.state.equals("terminated")) {
      return;
    }
    i.state = "terminated";
    for (String eniId : i.eniIds) {
      SimEni eni = network.enis.get(eniId);
      if (eni != null && i.id.equals(eni.attachedTo)) {
        network.release(eni);
      }
    }
    for (String volumeId : i.volumeIds) {
      SimVolume v = volumes.byId.get(volumeId);
      if (v != null && i.id.equals(v.attachedTo)) {
        boolean delete = v.deleteOnTermination;
        volumes.detach(v);
        if (delete) {
          volumes.byId.remove(v.id);
        }
      }
    }
    ctx.after(SimLatencies.Step.TERMINATED_VISIBLE, () -> byId.remove(i.id));
  }

  /**
   * StopInstances (someone stopped it by hand, or EC2 did for a retirement): stopping, then
   * stopped, keeping its interfaces and EBS volumes attached. Stopped, it fails no status check: it
   * has none (not-applicable), and starting it moves it to another host.
   */
  void stop(String id) {
    SimInstance i = get(id);
    if (!i.state.equals("running") && !i.state.equals("pending")) {
      throw ApiErrors.service(
          "IncorrectInstanceState",
          "This instance '" + id + "' is not in a state from which it can be stopped.");
    }
    i.state = "stopping";
    agent.stopped(i);
    ctx.after(
        SimLatencies.Step.INSTANCE_STOP,
        () -> {
          if (i.state.equals("stopping")) {
            i.state = "stopped";
            i.systemImpairedSince = null;
            i.instanceImpairedSince = null;
          }
        });
  }

  /**
   * StartInstances of a stopped instance: pending, then running on another host, checks
   * initializing; the node script does not run again.
   */
  void start(String id) {
    SimInstance i = get(id);
    if (!i.state.equals("stopped")) {
      throw ApiErrors.service(
          "IncorrectInstanceState",
          "The instance '" + id + "' is not in a state from which it can be started.");
    }
    i.state = "pending";
    ctx.after(
        SimLatencies.Step.INSTANCE_RUNNING,
        () -> {
          if (i.state.equals("pending")) {
            i.state = "running";
            i.runningSince = ctx.clock().now();
            agent.restarted(i);
          }
        });
  }

  /** ModifyInstanceAttribute InstanceType: only a stopped instance can change its type. */
  void modifyType(String id, String type) {
    SimInstance i = get(id);
    if (!i.state.equals("stopped")) {
      throw ApiErrors.service(
          "IncorrectInstanceState", "The instance '" + id + "' is not in the 'stopped' state.");
    }
    i.instanceType = type;
  }

  /**
   * Stop, then start again: what an update of InstanceType or UserData costs an EBS-backed
   * instance.
   */
  void restart(String id, Runnable onRunning) {
    SimInstance i = get(id);
    i.state = "stopping";
    agent.stopped(i);
    ctx.after(
        SimLatencies.Step.INSTANCE_STOP,
        () -> {
          i.state = "stopped";
          // Started again on another host: the checks start over.
          i.systemImpairedSince = null;
          i.instanceImpairedSince = null;
          i.state = "pending";
          ctx.after(
              SimLatencies.Step.INSTANCE_RUNNING,
              () -> {
                if (i.state.equals("pending")) {
                  i.state = "running";
                  i.runningSince = ctx.clock().now();
                  agent.restarted(i);
                }
                onRunning.run();
              });
        });
  }
}
