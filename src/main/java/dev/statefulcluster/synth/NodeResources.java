package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.spec.VolumeSpec;
import dev.statefulcluster.template.Fn;
import dev.statefulcluster.template.Output;
import dev.statefulcluster.template.Resource;
import dev.statefulcluster.template.Template;
import dev.statefulcluster.template.TemplateParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node: its network interface and data volume, which live as long as the stack, and its
 * instance, which exists only while the node is not the one {@code NodeDown} names.
 */
final class NodeResources {
  static final String SNAPSHOT_PATTERN = "^(snap-([0-9a-f]{8}|[0-9a-f]{17}))?$";

  private NodeResources() {}

  /**
   * {@code settings}: what the node's instance is launched with; {@code userData}: the user data it
   * was launched with when that was the previous template shape's, else null.
   */
  static void add(
      Template.Builder t, ClusterSpec spec, NodeSpec node, NodeSettings settings, Object userData) {
    add(t, spec, node, settings, userData, false);
  }

  /**
   * {@code nested}: the template is a group's child stack (docs/template-design.md, "Clusters over
   * several stacks"): the node's ENI lives in the group's network stack, and its id and address
   * come in as the parameters {@code Node<i>Eni} and {@code Node<i>PrivateIp}, so that every
   * reference to them reads the same as in a single stack.
   */
  static void add(
      Template.Builder t,
      ClusterSpec spec,
      NodeSpec node,
      NodeSettings settings,
      Object userData,
      boolean nested) {
    int n = node.number();
    // The AWS-specific type makes CloudFormation check that the AMI exists before it starts.
    t.parameter(
        Names.imageParameter(n),
        new TemplateParameter("AWS::EC2::Image::Id", null, node.ami(), List.of(), null, null));
    if (nested) {
      // A group's nodes stack gets each node's snapshot from the parent, which writes it.
      t.parameter(
          Names.snapshotParameter(n),
          TemplateParameter.string(null, node.snapshot() == null ? "" : node.snapshot())
              .withPattern(SNAPSHOT_PATTERN, null));
      t.condition(
          Names.fromSnapshotCondition(n),
          Fn.not(Fn.equalTo(Fn.ref(Names.snapshotParameter(n)), "")));
    }
    // Away when NodeDown names the node, or its zone (a zone-by-zone roll).
    t.condition(
        Names.upCondition(n),
        Fn.not(
            Fn.or(
                List.of(
                    Fn.equalTo(Fn.ref(Names.NODE_DOWN), Names.nodeName(n)),
                    Fn.equalTo(
                        Fn.ref(Names.NODE_DOWN), Names.zoneDown(node.availabilityZone()))))));

    if (nested) {
      t.parameter(Names.eni(n), TemplateParameter.string(null, null));
      t.parameter(Names.privateIpOutput(n), TemplateParameter.string(null, null));
    } else {
      t.resource(Names.eni(n), Resource.of("AWS::EC2::NetworkInterface", eni(spec, node)));
    }
    t.resource(
        Names.volume(n),
        Resource.of("AWS::EC2::Volume", volume(spec, node, nested)).withRetirement("Snapshot"));
    t.resource(
        Names.instance(n),
        Resource.of("AWS::EC2::Instance", instance(spec, node, settings, userData))
            .withCondition(Names.upCondition(n))
            // cfn-init reads NodeConfig at boot; a node added waits for the list that names it.
            .withDependsOn(Names.NODE_CONFIG)
            .withCreationPolicy(Map.of("ResourceSignal", signal(spec)))
            .withMetadata(metadata(spec, node, settings, nested)));

    // No output per node in a single stack: operations read the ids from the stack's resources
    // and the addresses from ClusterAddresses, and the outputs cost 160 bytes a node. (A group's
    // network stack has them: the parent hands them to the group's nodes stack.)
  }

  /** Node {@code node}'s network interface in a group's network stack. */
  static void addEni(Template.Builder t, ClusterSpec spec, NodeSpec node, Object securityGroup) {
    int n = node.number();
    Map<String, Object> p = eni(spec, node);
    p.put("GroupSet", List.of(securityGroup));
    t.resource(Names.eni(n), Resource.of("AWS::EC2::NetworkInterface", p));
    t.output(
        Names.privateIpOutput(n),
        Output.of(null, Fn.getAtt(Names.eni(n), "PrimaryPrivateIpAddress")));
    t.output(Names.eni(n), Output.of(null, Fn.ref(Names.eni(n))));
  }

  private static Map<String, Object> signal(ClusterSpec spec) {
    // Count is left to its default, one signal.
    return Map.of("Timeout", spec.health().signalTimeout().toString());
  }

  private static Map<String, Object> eni(ClusterSpec spec, NodeSpec node) {
    Map<String, Object> p = new LinkedHashMap<>();
    // No Description: its Name tag says whose it is, and a description cost 80 bytes a node.
    p.put(ResourceProperties.SUBNET, node.subnet());
    // Ref of a security group given a VpcId is its id, as GetAtt GroupId is, in 28 bytes fewer.
    p.put("GroupSet", List.of(Fn.ref(Names.CLUSTER_GROUP)));
    if (node.privateIp() != null) {
      p.put(ResourceProperties.PRIVATE_IP, node.privateIp());
    }
    p.put("Tags", Tags.name(spec, node.number()));
    return p;
  }

  private static Map<String, Object> volume(ClusterSpec spec, NodeSpec node, boolean nested) {
    VolumeSpec v = spec.volume();
    int n = node.number();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(ResourceProperties.ZONE, node.availabilityZone());
    p.put(ResourceProperties.SIZE, v.size());
    p.put(ResourceProperties.VOLUME_TYPE, v.type().id());
    if (v.iops() != null) {
      p.put(ResourceProperties.IOPS, v.iops());
    }
    if (v.throughput() != null) {
      p.put(ResourceProperties.THROUGHPUT, v.throughput());
    }
    p.put(ResourceProperties.ENCRYPTED, v.encrypted());
    if (v.kmsKey() != null) {
      p.put(ResourceProperties.KMS_KEY, v.kmsKey());
    }
    // An empty SnapshotId makes CloudFormation replace the volume on every update
    // (cloudformation-coverage-roadmap #1400): a blank volume leaves the property out. In a
    // single stack the snapshot is written as it is: it is read only when the volume is created,
    // deploy refuses a file that names another (UpdateGuard), and a parameter, its pattern and
    // condition cost 270 bytes a node. A stack written with the parameter resolves to the same
    // value, so the volume is not touched when it moves to this shape.
    if (nested) {
      p.put(
          ResourceProperties.SNAPSHOT,
          Fn.ifThen(
              Names.fromSnapshotCondition(n), Fn.ref(Names.snapshotParameter(n)), Fn.noValue()));
    } else if (node.snapshot() != null) {
      p.put(ResourceProperties.SNAPSHOT, node.snapshot());
    }
    p.put("Tags", Tags.node(spec, n));
    return p;
  }

  /**
   * cfn-init's configuration and the marker of the settings the instance is launched with: a change
   * of the marker alone is a metadata change, which interrupts nothing; it changes with the
   * properties in the update that creates the instance again.
   */
  private static Map<String, Object> metadata(
      ClusterSpec spec, NodeSpec node, NodeSettings settings, boolean nested) {
    Map<String, Object> out = new LinkedHashMap<>(NodeInit.metadata(spec, node, nested));
    out.put(NodeSettings.MARKER, settings.marker());
    return out;
  }

  private static Map<String, Object> instance(
      ClusterSpec spec, NodeSpec node, NodeSettings settings, Object userData) {
    int n = node.number();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("ImageId", Fn.ref(Names.imageParameter(n)));
    p.put(ResourceProperties.INSTANCE_TYPE, settings.instanceType());
    p.put("IamInstanceProfile", Fn.ref(Names.INSTANCE_PROFILE));
    if (settings.keyPair() != null) {
      p.put(ResourceProperties.KEY_NAME, settings.keyPair());
    }
    Map<String, Object> nic = new LinkedHashMap<>();
    nic.put("NetworkInterfaceId", Fn.ref(Names.eni(n)));
    nic.put("DeviceIndex", "0");
    nic.put("DeleteOnTermination", false);
    p.put("NetworkInterfaces", List.of(nic));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Device", spec.volume().device());
    data.put("VolumeId", Fn.ref(Names.volume(n)));
    p.put("Volumes", List.of(data));
    p.put(ResourceProperties.BLOCK_DEVICE_MAPPINGS, List.of(rootVolume(spec, settings)));
    // IMDSv2 only. HttpEndpoint (enabled) and HttpPutResponseHopLimit (1) are EC2's defaults and
    // not written: 53 bytes a node; MetadataOptions updates without interruption, so dropping them
    // from a deployed stack's instances stops nothing.
    p.put("MetadataOptions", Map.of("HttpTokens", "required"));
    p.put(
        ResourceProperties.USER_DATA, userData != null ? userData : UserData.of(settings.os(), n));
    p.put("Tags", Tags.name(spec, n));
    return p;
  }

  private static Map<String, Object> rootVolume(ClusterSpec spec, NodeSettings settings) {
    Map<String, Object> ebs = new LinkedHashMap<>();
    ebs.put("Encrypted", true);
    if (spec.volume().kmsKey() != null) {
      ebs.put("KmsKeyId", spec.volume().kmsKey());
    }
    ebs.put("VolumeType", "gp3");
    if (settings.rootVolumeSize() != null) {
      ebs.put("VolumeSize", settings.rootVolumeSize());
    }
    ebs.put("DeleteOnTermination", true);
    Map<String, Object> mapping = new LinkedHashMap<>();
    mapping.put(ResourceProperties.DEVICE_NAME, settings.rootDevice());
    mapping.put("Ebs", ebs);
    return mapping;
  }
}
