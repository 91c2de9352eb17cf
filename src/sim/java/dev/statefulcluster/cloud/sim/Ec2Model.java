package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.Ec2Api;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The EC2 (and IAM) side of the model, as one holder the providers and {@link SimEc2} share. */
final class Ec2Model {
  final SimContext ctx;
  final Network network;
  final Snapshots snapshots;
  final Volumes volumes;
  final IamModel iam;
  final NodeAgent agent;
  final Instances instances;
  final Alarms alarms;
  final Map<String, Ec2Api.Image> images = new LinkedHashMap<>();
  final Map<String, ImageBehavior> behaviors = new LinkedHashMap<>();
  final Set<String> keyPairs = new LinkedHashSet<>();
  final InstanceTypes instanceTypes = new InstanceTypes();

  Ec2Model(SimContext ctx) {
    this.ctx = ctx;
    this.network = new Network(ctx);
    this.snapshots = new Snapshots(ctx);
    this.volumes = new Volumes(ctx, snapshots, network::availabilityZones);
    this.iam = new IamModel(ctx);
    this.agent = new NodeAgent(ctx, volumes, instanceTypes);
    this.instances =
        new Instances(
            ctx, network, volumes, images, behaviors, keyPairs, iam, agent, instanceTypes);
    this.alarms = new Alarms(ctx, instances, instanceTypes, agent);
  }

  /** Whether an AWS-specific parameter value names something that exists (parameter types). */
  boolean exists(String parameterType, String value) {
    switch (parameterType) {
      case "AWS::EC2::Subnet::Id":
        return network.subnets.containsKey(value);
      case "AWS::EC2::VPC::Id":
        return network.vpcs.containsKey(value);
      case "AWS::EC2::SecurityGroup::Id":
        return network.groups.containsKey(value);
      case "AWS::EC2::Image::Id":
        return images.containsKey(value);
      case "AWS::EC2::KeyPair::KeyName":
        return keyPairs.contains(value);
      case "AWS::EC2::Volume::Id":
        return volumes.byId.containsKey(value);
      case "AWS::EC2::Instance::Id":
        return instances.byId.containsKey(value);
      default:
        return true;
    }
  }
}
