package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.Ec2Api;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The model's EC2: the {@link Ec2Api} calls (counted, throttled, on virtual time), and the fixtures
 * a test sets up before it starts. Fixtures are not API calls and are never throttled.
 *
 * <pre>{@code
 * sim.ec2()
 *     .addVpc("vpc-1", "10.0.0.0/16")
 *     .addSubnet("subnet-a", "vpc-1", "eu-west-1a", "10.0.1.0/24")
 *     .addImage("ami-old", "node-v1", "/dev/xvda", ImageBehavior.signalsAfter(Duration.ofSeconds(90)))
 *     .addKeyPair("ops");
 * }</pre>
 */
public final class SimEc2 implements Ec2Api {

  /** A network interface as a test inspects it (the port has no call for interfaces). */
  public record NetworkInterface(
      String id,
      String subnetId,
      String privateIpAddress,
      String status,
      String attachedInstanceId,
      List<String> groupIds) {
    public NetworkInterface {
      groupIds = List.copyOf(groupIds);
    }
  }

  private final ApiGate gate;
  private final Ec2Model model;

  SimEc2(ApiGate gate, Ec2Model model) {
    this.gate = gate;
    this.model = model;
  }

  // ---- fixtures ----

  public SimEc2 addVpc(String id, String cidr) {
    synchronized (model.ctx.clock()) {
      model.network.addVpc(id, cidr);
    }
    return this;
  }

  public SimEc2 addSubnet(String id, String vpcId, String availabilityZone, String cidr) {
    synchronized (model.ctx.clock()) {
      model.network.addSubnet(id, vpcId, availabilityZone, cidr);
    }
    return this;
  }

  /** An available image; instances launched from it boot as {@code behavior} says. */
  public SimEc2 addImage(String id, String name, String rootDeviceName, ImageBehavior behavior) {
    Objects.requireNonNull(behavior, "behavior");
    synchronized (model.ctx.clock()) {
      model.images.put(id, new Image(id, name, "available", "x86_64", rootDeviceName));
      model.behaviors.put(id, behavior);
    }
    return this;
  }

  /** An image with every field a test wants (architecture, ENA, boot mode…). */
  public SimEc2 addImage(Image image, ImageBehavior behavior) {
    Objects.requireNonNull(behavior, "behavior");
    synchronized (model.ctx.clock()) {
      model.images.put(image.id(), image);
      model.behaviors.put(image.id(), behavior);
    }
    return this;
  }

  /**
   * DeregisterImage, as someone else might do mid-roll: the image can no longer be launched or
   * named as an AWS::EC2::Image::Id parameter; instances already running on it go on.
   */
  public SimEc2 deregisterImage(String imageId) {
    synchronized (model.ctx.clock()) {
      model.images.remove(imageId);
    }
    return this;
  }

  /** An instance type as DescribeInstanceTypes describes it, over the model's naming rule. */
  public SimEc2 addInstanceType(InstanceType type) {
    synchronized (model.ctx.clock()) {
      model.instanceTypes.add(type);
    }
    return this;
  }

  /** Changes how future boots of an image behave (instances already booted are not affected). */
  public SimEc2 setImageBehavior(String imageId, ImageBehavior behavior) {
    synchronized (model.ctx.clock()) {
      if (!model.images.containsKey(imageId)) {
        throw new IllegalArgumentException("no image " + imageId + "; add it with addImage first");
      }
      model.behaviors.put(imageId, Objects.requireNonNull(behavior, "behavior"));
    }
    return this;
  }

  public SimEc2 addKeyPair(String name) {
    synchronized (model.ctx.clock()) {
      model.keyPairs.add(name);
    }
    return this;
  }

  /** A security group that exists outside any stack (a client group, for instance). */
  public SimEc2 addSecurityGroup(String id, String vpcId, String name) {
    synchronized (model.ctx.clock()) {
      model.network.vpc(vpcId);
      model.network.groups.put(id, new SimGroup(id, vpcId, name, name));
    }
    return this;
  }

  /** A completed, encrypted snapshot holding {@code data}, as if taken before the test. */
  public SimEc2 addSnapshot(String id, int sizeGib, Map<String, String> tags, String data) {
    synchronized (model.ctx.clock()) {
      model.snapshots.addCompleted(id, sizeGib, true, tags, data);
    }
    return this;
  }

  /** Writes the opaque content a volume holds (what a node would have written to it). */
  public SimEc2 writeData(String volumeId, String data) {
    synchronized (model.ctx.clock()) {
      model.volumes.get(volumeId).data = Objects.requireNonNull(data, "data");
    }
    return this;
  }

  public String readData(String volumeId) {
    synchronized (model.ctx.clock()) {
      return model.volumes.get(volumeId).data;
    }
  }

  public String snapshotData(String snapshotId) {
    synchronized (model.ctx.clock()) {
      return model.snapshots.get(snapshotId).data;
    }
  }

  /** Where the node script mounts the first data volume, as written in console lines. */
  public SimEc2 mountPoint(String path) {
    synchronized (model.ctx.clock()) {
      model.agent.mountPoint(path);
    }
    return this;
  }

  /**
   * How instances of {@code instanceType} boot in {@code availabilityZone}, whatever their AMI
   * says: what a node does on a type can depend on the type (memory the service needs, a driver),
   * and capacity differs by zone. Tests use it to make a node fail on a new instance type.
   */
  public SimEc2 setPlacementBehavior(
      String instanceType, String availabilityZone, ImageBehavior behavior) {
    synchronized (model.ctx.clock()) {
      model.behaviors.put(
          Instances.placementKey(instanceType, availabilityZone),
          Objects.requireNonNull(behavior, "behavior"));
    }
    return this;
  }

  /** The key pair an instance was launched with (DescribeInstances KeyName), null for none. */
  public String keyName(String instanceId) {
    synchronized (model.ctx.clock()) {
      return model.instances.get(instanceId).keyName;
    }
  }

  /** The size of an instance's root volume in GiB. */
  public int rootVolumeSize(String instanceId) {
    synchronized (model.ctx.clock()) {
      return model.volumes.get(model.instances.get(instanceId).rootVolumeId).size;
    }
  }

  /**
   * A file cfn-init wrote on the instance's root disk (e.g. {@code
   * /etc/stateful-cluster/node.env}), as it is now; empty when the file was never written or the
   * instance is gone.
   */
  public Optional<String> nodeFile(String instanceId, String path) {
    synchronized (model.ctx.clock()) {
      return model.agent.file(model.instances.get(instanceId), path);
    }
  }

  /** How many times the node's reload command (the file's {@code reload:}) ran on the instance. */
  public int reloads(String instanceId) {
    synchronized (model.ctx.clock()) {
      return model.agent.reloads(model.instances.get(instanceId));
    }
  }

  /**
   * The calls the instance's helper scripts made to AWS so far, per API (cfn-hup's polls and
   * cfn-init's reads: DescribeStackResource; cfn-signal: SignalResource). Not in {@link
   * SimCloud#calls()}, which counts the operator's.
   */
  public Map<String, Long> helperCalls(String instanceId) {
    synchronized (model.ctx.clock()) {
      return model.agent.helperCalls(model.instances.get(instanceId));
    }
  }

  /**
   * From now on, for {@code d}, every node's cfn-hup gets no answer to its polls (CloudFormation
   * throttles them, or the node cannot reach it): it skips each hook and tries again at its next
   * poll, with nothing stored.
   */
  public void failCfnHupPolls(Duration d) {
    synchronized (model.ctx.clock()) {
      model.agent.failCfnHupPolls(d);
    }
  }

  /** The hooks the instance's running cfn-hup read when it started; empty when none runs. */
  public List<String> cfnHupHooks(String instanceId) {
    synchronized (model.ctx.clock()) {
      return model.agent.cfnHupHooks(model.instances.get(instanceId));
    }
  }

  /**
   * {@code command} run as root on the running instance, as someone logged in would: cfn-init, the
   * node script's grow and node-env, sed, as {@link NodeDisk} models them; its exit code.
   */
  public int runOnNode(String instanceId, String command) {
    synchronized (model.ctx.clock()) {
      return model.agent.runOnNode(model.instances.get(instanceId), command);
    }
  }

  /** An instance lost outside CloudFormation (someone terminated it); the stack does not notice. */
  public void terminateInstance(String instanceId) {
    synchronized (model.ctx.clock()) {
      model.instances.terminate(instanceId, () -> {});
    }
  }

  /**
   * An instance stopped outside CloudFormation (StopInstances by hand); the stack does not notice.
   */
  public void stopInstance(String instanceId) {
    synchronized (model.ctx.clock()) {
      model.instances.stop(instanceId);
    }
  }

  /** StartInstances outside CloudFormation, of an instance stopped by hand. */
  public void startInstance(String instanceId) {
    synchronized (model.ctx.clock()) {
      model.instances.start(instanceId);
    }
  }

  /**
   * ModifyInstanceAttribute InstanceType by hand (the instance must be stopped): the template still
   * says the old type, and CloudFormation does not notice.
   */
  public void modifyInstanceType(String instanceId, String instanceType) {
    synchronized (model.ctx.clock()) {
      model.instances.modifyType(instanceId, instanceType);
    }
  }

  /**
   * The instance's system status check fails from now on, as when AWS loses the host's power or
   * network: DescribeInstanceStatus says impaired until the instance is stopped and started (moved
   * to another host) or terminated.
   */
  public void impairSystemStatus(String instanceId) {
    synchronized (model.ctx.clock()) {
      SimInstance i = model.instances.get(instanceId);
      if (i.systemImpairedSince == null) {
        i.systemImpairedSince = model.ctx.clock().now();
        model.alarms.checkFailed(instanceId, Alarms.SYSTEM);
      }
    }
  }

  /**
   * The instance's own status check fails from now on (its kernel hangs, its network is
   * misconfigured): impaired until it is stopped and started or terminated.
   */
  public void impairInstanceStatus(String instanceId) {
    synchronized (model.ctx.clock()) {
      SimInstance i = model.instances.get(instanceId);
      if (i.instanceImpairedSince == null) {
        i.instanceImpairedSince = model.ctx.clock().now();
        model.alarms.checkFailed(instanceId, Alarms.INSTANCE);
      }
    }
  }

  /**
   * EC2 schedules maintenance for the instance ({@code instance-retirement}, {@code
   * system-reboot}…), listed by DescribeInstanceStatus from now on. The model does not carry it
   * out.
   */
  public void scheduleEvent(String instanceId, String code, String description, Instant notBefore) {
    synchronized (model.ctx.clock()) {
      model
          .instances
          .get(instanceId)
          .events
          .add(
              new ScheduledEvent(code, description, notBefore, notBefore.plus(Duration.ofDays(2))));
    }
  }

  /** The EC2 actions alarms took, oldest first: "recover i-…", "reboot i-…". */
  public List<String> alarmActions() {
    synchronized (model.ctx.clock()) {
      return List.copyOf(model.alarms.taken);
    }
  }

  /**
   * ModifyInstanceAttribute DisableApiTermination, done outside the stack (someone protected the
   * instance in the console): TerminateInstances then fails with OperationNotPermitted, and a
   * cleanup phase that removes the instance skips it after three tries, leaving it running.
   */
  public void disableApiTermination(String instanceId, boolean disabled) {
    synchronized (model.ctx.clock()) {
      model.instances.get(instanceId).disableApiTermination = disabled;
    }
  }

  /**
   * A data volume lost outside CloudFormation (force-detached and deleted by hand): the stack does
   * not notice, and deleting the stack later leaves no snapshot of it.
   */
  public void deleteVolume(String volumeId) {
    synchronized (model.ctx.clock()) {
      SimVolume v = model.volumes.get(volumeId);
      model.volumes.detach(v);
      model.volumes.byId.remove(volumeId);
    }
  }

  public Optional<NetworkInterface> networkInterface(String eniId) {
    synchronized (model.ctx.clock()) {
      SimEni e = model.network.enis.get(eniId);
      return e == null
          ? Optional.empty()
          : Optional.of(
              new NetworkInterface(
                  e.id, e.subnetId, e.privateIp, e.status(), e.attachedTo, e.groupIds));
    }
  }

  // ---- Ec2Api ----

  @Override
  public List<Subnet> describeSubnets(Collection<String> subnetIds) {
    return gate.call("DescribeSubnets", () -> pick(subnetIds, model.network.subnets));
  }

  @Override
  public List<Vpc> describeVpcs(Collection<String> vpcIds) {
    return gate.call("DescribeVpcs", () -> pick(vpcIds, model.network.vpcs));
  }

  @Override
  public List<Image> describeImages(Collection<String> imageIds) {
    return gate.call("DescribeImages", () -> pick(imageIds, model.images));
  }

  @Override
  public List<String> describeKeyPairs(Collection<String> keyNames) {
    return gate.call(
        "DescribeKeyPairs",
        () -> keyNames.stream().distinct().filter(model.keyPairs::contains).toList());
  }

  @Override
  public List<SecurityGroup> describeSecurityGroups(Collection<String> groupIds) {
    return gate.call(
        "DescribeSecurityGroups",
        () ->
            groupIds.stream()
                .distinct()
                .map(model.network.groups::get)
                .filter(Objects::nonNull)
                .map(g -> new SecurityGroup(g.id, g.vpcId, g.name))
                .toList());
  }

  @Override
  public List<Snapshot> describeSnapshots(Collection<String> snapshotIds) {
    return gate.call(
        "DescribeSnapshots",
        () ->
            snapshotIds.stream()
                .distinct()
                .map(model.snapshots.byId::get)
                .filter(Objects::nonNull)
                .map(s -> s.view(model.ctx.clock().now()))
                .toList());
  }

  @Override
  public List<Snapshot> findSnapshots(Map<String, String> tags) {
    return gate.call(
        "DescribeSnapshots",
        () -> {
          // One tag:KEY filter of one value per tag.
          Ec2Limits.filterValues(tags.size());
          return model.snapshots.byId.values().stream()
              .filter(s -> s.tags.entrySet().containsAll(tags.entrySet()))
              .map(s -> s.view(model.ctx.clock().now()))
              .toList();
        });
  }

  @Override
  public List<Snapshot> snapshotsOfVolumes(Collection<String> volumeIds) {
    return gate.call(
        "DescribeSnapshots",
        () -> {
          // A volume-id filter, one value per volume.
          Ec2Limits.filterValues(distinct(volumeIds));
          return model.snapshots.byId.values().stream()
              .filter(s -> volumeIds.contains(s.volumeId))
              .map(s -> s.view(model.ctx.clock().now()))
              .toList();
        });
  }

  @Override
  public void createTags(Collection<String> resourceIds, Map<String, String> tags) {
    gate.run(
        "CreateTags",
        () -> {
          Ec2Limits.tagResources(distinct(resourceIds));
          List<Map<String, String>> targets = new ArrayList<>();
          for (String id : resourceIds) {
            targets.add(
                id.startsWith("snap-") ? model.snapshots.get(id).tags : model.volumes.get(id).tags);
          }
          for (Map<String, String> t : targets) {
            // EC2 allows 50 tags per resource; its own aws: tags do not count.
            long count =
                Stream.concat(t.keySet().stream(), tags.keySet().stream())
                    .filter(k -> !k.startsWith("aws:"))
                    .distinct()
                    .count();
            if (count > 50) {
              throw ApiErrors.service(
                  "TagLimitExceeded",
                  "The maximum number of Tags for a resource has been reached.");
            }
          }
          targets.forEach(t -> t.putAll(tags));
        });
  }

  @Override
  public String createSnapshot(String volumeId, String description, Map<String, String> tags) {
    return gate.call(
        "CreateSnapshot",
        () -> model.snapshots.create(model.volumes.get(volumeId), description, tags, null).id);
  }

  @Override
  public List<Volume> describeVolumes(Collection<String> volumeIds) {
    return gate.call(
        "DescribeVolumes",
        () ->
            volumeIds.stream()
                .distinct()
                .map(model.volumes.byId::get)
                .filter(Objects::nonNull)
                .map(SimEc2::view)
                .toList());
  }

  @Override
  public List<VolumeModification> describeVolumesModifications(Collection<String> volumeIds) {
    return gate.call(
        "DescribeVolumesModifications",
        () -> {
          // By a volume-id filter, as cloud.aws asks (with ids, a volume never modified fails
          // the whole call).
          Ec2Limits.filterValues(distinct(volumeIds));
          return volumeIds.stream()
              .distinct()
              .map(model.volumes.byId::get)
              .filter(Objects::nonNull)
              .map(SimVolume::latestModification)
              .filter(Objects::nonNull)
              .map(m -> m.view(model.ctx.clock().now()))
              .toList();
        });
  }

  @Override
  public List<Instance> describeInstances(Collection<String> instanceIds) {
    return gate.call(
        "DescribeInstances",
        () ->
            instanceIds.stream()
                .distinct()
                .map(model.instances.byId::get)
                .filter(Objects::nonNull)
                .map(
                    i ->
                        new Instance(
                            i.id,
                            i.state,
                            i.imageId,
                            i.instanceType,
                            i.privateIp,
                            i.availabilityZone,
                            i.launchTime,
                            i.eniIds,
                            i.volumeIds))
                .toList());
  }

  /** As with IncludeAllInstances: every state, not only running instances. */
  @Override
  public List<InstanceStatus> describeInstanceStatus(Collection<String> instanceIds) {
    return gate.call(
        "DescribeInstanceStatus",
        () -> {
          Ec2Limits.instanceStatusIds(distinct(instanceIds));
          return instanceIds.stream()
              .distinct()
              .map(model.instances.byId::get)
              .filter(Objects::nonNull)
              .map(
                  i ->
                      i.status(
                          model.ctx.clock().now(),
                          model.ctx.latency(SimLatencies.Step.STATUS_CHECKS)))
              .toList();
        });
  }

  @Override
  public List<InstanceType> describeInstanceTypes(Collection<String> names) {
    return gate.call(
        "DescribeInstanceTypes",
        () ->
            names.stream()
                .distinct()
                .map(model.instanceTypes::find)
                .filter(Objects::nonNull)
                .toList());
  }

  @Override
  public List<Ec2Api.NetworkInterface> describeNetworkInterfaces(Collection<String> interfaceIds) {
    return gate.call(
        "DescribeNetworkInterfaces",
        () ->
            interfaceIds.stream()
                .distinct()
                .map(model.network.enis::get)
                .filter(Objects::nonNull)
                .map(e -> new Ec2Api.NetworkInterface(e.id, e.status(), e.attachedTo, e.privateIp))
                .toList());
  }

  @Override
  public String getConsoleOutput(String instanceId, boolean latest) {
    return gate.call(
        "GetConsoleOutput",
        () -> model.agent.consoleOutput(model.instances.get(instanceId), latest));
  }

  private static Volume view(SimVolume v) {
    List<Volume.Attachment> attachments = new ArrayList<>();
    if (v.attachedTo != null) {
      attachments.add(new Volume.Attachment(v.attachedTo, v.device, "attached"));
    }
    return new Volume(
        v.id,
        v.availabilityZone,
        v.size,
        v.type,
        v.iops,
        v.throughput,
        v.encrypted,
        v.kmsKeyId,
        v.snapshotId,
        v.state,
        attachments,
        v.tags);
  }

  /** How many ids a request names: cloud.aws sends each id once. */
  private static int distinct(Collection<String> ids) {
    return (int) ids.stream().distinct().count();
  }

  private static <T> List<T> pick(Collection<String> ids, Map<String, T> from) {
    return ids.stream().distinct().map(from::get).filter(Objects::nonNull).toList();
  }
}
