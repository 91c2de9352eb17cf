package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.statefulcluster.cloud.CloudException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * AWS::EC2::Instance: RunInstances, then running, then the Volumes attached. Ref is the instance
 * id. A change to a create-only property (ImageId, NetworkInterfaces…) is a replacement, done by
 * the engine as create-new-then-delete-old, which is what fails with an interface in use.
 */
final class InstanceProvider extends BaseProvider {
  /** Properties whose update stops and starts an EBS-backed instance. */
  private static final Set<String> NEEDS_RESTART =
      Set.of(
          "InstanceType",
          "UserData",
          "EbsOptimized",
          "KernelId",
          "RamdiskId",
          "Affinity",
          "HostId",
          "Tenancy",
          "AdditionalInfo",
          "PrivateDnsNameOptions");

  private static final List<String> NOT_MODELED =
      List.of("LaunchTemplate", "SecurityGroups", "ElasticGpuSpecifications", "Ipv6Addresses");

  InstanceProvider(SimContext ctx, Ec2Model ec2) {
    super(ctx, ec2, "AmazonEC2");
  }

  @Override
  public String type() {
    return "AWS::EC2::Instance";
  }

  @Override
  public Set<String> attributes() {
    return Set.of(
        "PrivateIp",
        "PrivateDnsName",
        "PublicIp",
        "PublicDnsName",
        "AvailabilityZone",
        "VpcId",
        "InstanceId");
  }

  @Override
  public boolean replacesOnConditional(String property) {
    // New block devices need a new instance; the other conditional properties stop and start it.
    return property.equals("BlockDeviceMappings");
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
                  "Instance property " + name + " is not modeled by the in-memory EC2");
            }
          }
          SimInstance i =
              ec2.instances.run(
                  launch(r),
                  new Instances.Listener() {
                    @Override
                    public void running(SimInstance i) {
                      h.succeeded(attributes(i, ctx.region()));
                    }

                    @Override
                    public void failed(CloudException e) {
                      h.failed(ApiErrors.asReason(e, "AmazonEC2"));
                    }
                  });
          i.disableApiTermination = Props.bool(p, "DisableApiTermination", false);
          h.initiated(i.id);
        });
  }

  private Instances.Launch launch(Request r) {
    ObjectNode p = r.properties();
    List<Instances.Nic> nics = new ArrayList<>();
    for (JsonNode n : Props.objects(p, "NetworkInterfaces")) {
      String dot = Props.text(n, "DeleteOnTermination");
      nics.add(
          new Instances.Nic(
              Props.text(n, "NetworkInterfaceId"),
              Props.integer(n, "DeviceIndex") == null ? -1 : Props.integer(n, "DeviceIndex"),
              dot == null ? null : Boolean.valueOf(dot),
              Props.text(n, "SubnetId"),
              Props.strings(n, "GroupSet"),
              Props.text(n, "PrivateIpAddress")));
    }
    List<Instances.Disk> disks = new ArrayList<>();
    for (JsonNode d : Props.objects(p, "Volumes")) {
      disks.add(new Instances.Disk(Props.text(d, "Device"), Props.text(d, "VolumeId")));
    }
    List<Instances.BlockDevice> devices = new ArrayList<>();
    for (JsonNode b : Props.objects(p, "BlockDeviceMappings")) {
      JsonNode ebs = b.path("Ebs");
      if (!ebs.isMissingNode()) {
        devices.add(
            new Instances.BlockDevice(
                Props.text(b, "DeviceName"),
                Props.integer(ebs, "VolumeSize"),
                Props.text(ebs, "VolumeType"),
                Props.bool(ebs, "Encrypted", false),
                Props.text(ebs, "KmsKeyId"),
                Props.bool(ebs, "DeleteOnTermination", true)));
      }
    }
    return new Instances.Launch(
        Props.text(p, "ImageId"),
        Props.text(p, "InstanceType"),
        Props.text(p, "KeyName"),
        Props.text(p, "IamInstanceProfile"),
        nics,
        Props.text(p, "SubnetId"),
        Props.strings(p, "SecurityGroupIds"),
        Props.text(p, "PrivateIpAddress"),
        disks,
        devices,
        ec2Tags(r));
  }

  @Override
  public void update(Request r, String physicalId, ObjectNode previous, OpHandle h) {
    ObjectNode p = r.properties();
    attempt(
        h,
        () -> {
          SimInstance i = ec2.instances.get(physicalId);
          String profile = Props.text(p, "IamInstanceProfile");
          if (profile != null && !ec2.iam.profileExists(profile)) {
            throw ApiErrors.service(
                "InvalidParameterValue",
                "Value ("
                    + profile
                    + ") for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name");
          }
          i.profile = profile;
          // Only a change of the property is sent: a protection set outside the stack stays.
          if (!Objects.equals(
              previous.get("DisableApiTermination"), p.get("DisableApiTermination"))) {
            i.disableApiTermination = Props.bool(p, "DisableApiTermination", false);
          }
          BaseProvider.retag(i.tags, r);
          reattach(i, previous, p);
          boolean restart =
              NEEDS_RESTART.stream()
                  .anyMatch(name -> !Objects.equals(previous.get(name), p.get(name)));
          if (restart) {
            i.instanceType =
                Props.text(p, "InstanceType") == null ? "m1.small" : Props.text(p, "InstanceType");
            ec2.instances.restart(i.id, () -> h.succeeded(attributes(i, ctx.region())));
          } else {
            after(
                SimLatencies.Step.PROPERTY_UPDATE, () -> h.succeeded(attributes(i, ctx.region())));
          }
        });
  }

  /** The Volumes property changed: detach what left it, attach what joined it. */
  private void reattach(SimInstance i, ObjectNode previous, ObjectNode wanted) {
    Map<String, String> before = disks(previous);
    Map<String, String> after = disks(wanted);
    for (String volumeId : before.keySet()) {
      if (!after.containsKey(volumeId) && ec2.volumes.byId.containsKey(volumeId)) {
        ec2.volumes.detach(ec2.volumes.byId.get(volumeId));
        i.volumeIds.remove(volumeId);
        i.dataVolumeIds.remove(volumeId);
      }
    }
    for (Map.Entry<String, String> e : after.entrySet()) {
      if (!before.containsKey(e.getKey())) {
        ec2.volumes.attach(ec2.volumes.get(e.getKey()), i.id, i.availabilityZone, e.getValue());
        i.volumeIds.add(e.getKey());
        i.dataVolumeIds.add(e.getKey());
      }
    }
  }

  private static Map<String, String> disks(ObjectNode p) {
    Map<String, String> out = new HashMap<>();
    for (JsonNode d : Props.objects(p, "Volumes")) {
      out.put(Props.text(d, "VolumeId"), Props.text(d, "Device"));
    }
    return out;
  }

  @Override
  public void delete(Request r, String physicalId, Removal removal, OpHandle h) {
    attempt(h, () -> ec2.instances.terminate(physicalId, () -> h.succeeded(Map.of())));
  }

  static Map<String, JsonNode> attributes(SimInstance i, String region) {
    Map<String, JsonNode> out = new HashMap<>();
    out.put("InstanceId", TextNode.valueOf(i.id));
    out.put("PrivateIp", TextNode.valueOf(i.privateIp));
    out.put(
        "PrivateDnsName",
        TextNode.valueOf(
            "ip-" + i.privateIp.replace('.', '-') + "." + region + ".compute.internal"));
    out.put("PublicDnsName", TextNode.valueOf(""));
    out.put("AvailabilityZone", TextNode.valueOf(i.availabilityZone));
    out.put("VpcId", TextNode.valueOf(i.vpcId));
    return out;
  }
}
