package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A cluster over nested stacks, as the layout over several stacks will write it: a parent holding
 * what the nodes share (security group, role and instance profile, NodeDown, one image parameter
 * per group) and one child stack per group of nodes, each node an ENI, a volume and an instance
 * that exists unless NodeDown names it. Child templates are objects of the model's S3.
 */
final class NestedCluster {
  static final String STACK = "big";
  static final String BUCKET = "templates-123456789012";

  final SimCloud sim;
  final int groups;
  final int perGroup;
  private int changeSets;

  NestedCluster(int groups, int perGroup) {
    this.groups = groups;
    this.perGroup = perGroup;
    this.sim = new SimCloud();
    sim.ec2()
        .addVpc("vpc-1", "10.0.0.0/16")
        .addSubnet("subnet-a", "vpc-1", "us-east-1a", "10.0.0.0/20")
        .addSubnet("subnet-b", "vpc-1", "us-east-1b", "10.0.16.0/20")
        .addSubnet("subnet-c", "vpc-1", "us-east-1c", "10.0.32.0/20")
        .addImage(
            "ami-old", "node-v1", "/dev/xvda", ImageBehavior.signalsAfter(Duration.ofSeconds(60)))
        .addImage(
            "ami-new", "node-v2", "/dev/xvda", ImageBehavior.signalsAfter(Duration.ofSeconds(90)))
        .addImage("ami-hang", "node-hangs", "/dev/xvda", ImageBehavior.neverSignals());
    sim.templates().addBucket(BUCKET);
  }

  static String group(int g) {
    return "Group" + g;
  }

  /** The first node of group {@code g} (nodes are numbered from 1 over the whole cluster). */
  int firstNode(int g) {
    return (g - 1) * perGroup + 1;
  }

  // ---- templates ----

  /** Uploads every group's template (as {@code child}) and returns the parent's body. */
  String upload(Function<Integer, String> child) {
    for (int g = 1; g <= groups; g++) {
      sim.templates().put(BUCKET, null, group(g) + ".json", child.apply(g));
    }
    return parent();
  }

  String url(int g) {
    return "https://" + BUCKET + ".s3.us-east-1.amazonaws.com/" + group(g) + ".json";
  }

  String parent() {
    ObjectNode t = TemplateParser.JSON.createObjectNode();
    ObjectNode params = t.putObject("Parameters");
    params.putObject("NodeDown").put("Type", "String").put("Default", "none");
    params.putObject("VolumeSize").put("Type", "Number").put("Default", "100");
    ObjectNode r = t.putObject("Resources");
    ObjectNode sg = r.putObject("ClusterSecurityGroup").put("Type", "AWS::EC2::SecurityGroup");
    sg.putObject("Properties").put("GroupDescription", "cluster members").put("VpcId", "vpc-1");
    ObjectNode role = r.putObject("NodeRole").put("Type", "AWS::IAM::Role");
    role.putObject("Properties")
        .set(
            "AssumeRolePolicyDocument",
            TemplateParser.JSON
                .createObjectNode()
                .put("Version", "2012-10-17")
                .set(
                    "Statement",
                    TemplateParser.JSON
                        .createArrayNode()
                        .add(
                            TemplateParser.JSON
                                .createObjectNode()
                                .put("Effect", "Allow")
                                .put("Action", "sts:AssumeRole")
                                .set(
                                    "Principal",
                                    TemplateParser.JSON
                                        .createObjectNode()
                                        .put("Service", "ec2.amazonaws.com")))));
    ObjectNode profile =
        r.putObject("NodeInstanceProfile").put("Type", "AWS::IAM::InstanceProfile");
    profile.putObject("Properties").putArray("Roles").addObject().put("Ref", "NodeRole");
    ObjectNode outputs = t.putObject("Outputs");
    for (int g = 1; g <= groups; g++) {
      params.putObject(group(g) + "Image").put("Type", "String").put("Default", "ami-old");
      ObjectNode stack = r.putObject(group(g)).put("Type", "AWS::CloudFormation::Stack");
      ObjectNode p = stack.putObject("Properties");
      p.put("TemplateURL", url(g));
      ObjectNode given = p.putObject("Parameters");
      given.putObject("NodeDown").put("Ref", "NodeDown");
      given.putObject("VolumeSize").put("Ref", "VolumeSize");
      given.putObject("Image").put("Ref", group(g) + "Image");
      given.putObject("SecurityGroup").put("Ref", "ClusterSecurityGroup");
      given.putObject("InstanceProfile").put("Ref", "NodeInstanceProfile");
      p.putArray("Tags").addObject().put("Key", "stateful-cluster:group").put("Value", group(g));
      int first = firstNode(g);
      outputs
          .putObject("Node" + first + "PrivateIp")
          .putObject("Value")
          .putArray("Fn::GetAtt")
          .add(group(g))
          .add("Outputs.Node" + first + "PrivateIp");
    }
    return t.toString();
  }

  /** Group {@code g}'s template; {@code subnetOf} chooses each node's subnet. */
  String child(int g, Function<Integer, String> subnetOf, Set<Integer> without) {
    ObjectNode t = TemplateParser.JSON.createObjectNode();
    ObjectNode params = t.putObject("Parameters");
    params.putObject("NodeDown").put("Type", "String").put("Default", "none");
    params.putObject("VolumeSize").put("Type", "Number").put("Default", "100");
    params.putObject("Image").put("Type", "String");
    params.putObject("SecurityGroup").put("Type", "String");
    params.putObject("InstanceProfile").put("Type", "String");
    ObjectNode conditions = t.putObject("Conditions");
    ObjectNode r = t.putObject("Resources");
    ObjectNode outputs = t.putObject("Outputs");
    for (int n = firstNode(g); n < firstNode(g) + perGroup; n++) {
      if (without.contains(n)) {
        continue;
      }
      String node = "Node" + n;
      String subnet = subnetOf.apply(n);
      String zone = "us-east-1" + subnet.charAt(subnet.length() - 1);
      ArrayNode notDown = conditions.putObject(node + "Up").putArray("Fn::Not");
      ArrayNode eq = notDown.addObject().putArray("Fn::Equals");
      eq.addObject().put("Ref", "NodeDown");
      eq.add("node" + n);
      ObjectNode eni = r.putObject(node + "Eni").put("Type", "AWS::EC2::NetworkInterface");
      ObjectNode ep = eni.putObject("Properties").put("SubnetId", subnet);
      ep.putArray("GroupSet").addObject().put("Ref", "SecurityGroup");
      tags(ep, n);
      ObjectNode vol =
          r.putObject(node + "Volume")
              .put("Type", "AWS::EC2::Volume")
              .put("DeletionPolicy", "Snapshot")
              .put("UpdateReplacePolicy", "Snapshot");
      ObjectNode vp =
          vol.putObject("Properties")
              .put("AvailabilityZone", zone)
              .put("VolumeType", "gp3")
              .put("Encrypted", true);
      vp.putObject("Size").put("Ref", "VolumeSize");
      tags(vp, n);
      ObjectNode inst =
          r.putObject(node + "Instance")
              .put("Type", "AWS::EC2::Instance")
              .put("Condition", node + "Up");
      inst.putObject("CreationPolicy")
          .putObject("ResourceSignal")
          .put("Count", 1)
          .put("Timeout", "PT10M");
      ObjectNode ip = inst.putObject("Properties").put("InstanceType", "t3.large");
      ip.putObject("ImageId").put("Ref", "Image");
      ip.putObject("IamInstanceProfile").put("Ref", "InstanceProfile");
      ObjectNode nic = ip.putArray("NetworkInterfaces").addObject().put("DeviceIndex", "0");
      nic.putObject("NetworkInterfaceId").put("Ref", node + "Eni");
      ObjectNode v = ip.putArray("Volumes").addObject().put("Device", "/dev/xvdh");
      v.putObject("VolumeId").put("Ref", node + "Volume");
      ip.putObject("UserData")
          .putObject("Fn::Base64")
          .put(
              "Fn::Sub",
              "#!/bin/sh\n/opt/aws/bin/cfn-signal -e 0 --stack ${AWS::StackName} --resource "
                  + node
                  + "Instance --region ${AWS::Region}\n");
      tags(ip, n);
      outputs
          .putObject(node + "PrivateIp")
          .putObject("Value")
          .putArray("Fn::GetAtt")
          .add(node + "Eni")
          .add("PrimaryPrivateIpAddress");
    }
    return t.toString();
  }

  /** Group {@code g}'s template, nodes spread over the three zones. */
  String child(int g) {
    return child(g, NestedCluster::spread, Set.of());
  }

  static String spread(int node) {
    return "subnet-" + "abc".charAt(node % 3);
  }

  private static void tags(ObjectNode props, int n) {
    ArrayNode tags = props.putArray("Tags");
    tags.addObject().put("Key", "stateful-cluster:cluster").put("Value", STACK);
    tags.addObject().put("Key", "stateful-cluster:node").put("Value", "node" + n);
  }

  // ---- operations ----

  ChangeSet changeSet(ChangeSetType type, String body, List<Parameter> parameters) {
    ChangeSetRequest r =
        ChangeSetRequest.builder(STACK, "cs" + ++changeSets)
            .type(type)
            .body(body)
            .parameters(parameters)
            .capabilities(Set.of("CAPABILITY_IAM"))
            .includeNestedStacks(type == ChangeSetType.UPDATE)
            .build();
    sim.stacks().createChangeSet(r);
    ChangeSet cs = sim.stacks().describeChangeSet(STACK, r.changeSetName());
    while (cs.pending()) {
      sim.ticker().sleep(Duration.ofSeconds(1));
      cs = sim.stacks().describeChangeSet(STACK, r.changeSetName());
    }
    return cs;
  }

  StackStatus run(ChangeSetType type, String body, List<Parameter> parameters) {
    ChangeSet cs = changeSet(type, body, parameters);
    if (cs.failed()) {
      throw new AssertionError("change set failed: " + cs.statusReason());
    }
    sim.stacks().executeChangeSet(STACK, cs.name());
    return settle();
  }

  /** Polls every 10 s (virtual) until the root's operation has ended. */
  StackStatus settle() {
    for (int i = 0; i < 100_000; i++) {
      Stack s = stack(STACK);
      if (!s.status().inProgress()) {
        return s.status();
      }
      sim.ticker().sleep(Duration.ofSeconds(10));
    }
    throw new AssertionError("stack never settled");
  }

  Stack stack(String nameOrId) {
    return sim.stacks().describeStack(nameOrId).orElseThrow();
  }

  /** The child stack id of group {@code g}. */
  String childId(int g) {
    return resources(STACK).get(group(g)).physicalId();
  }

  Map<String, StackResource> resources(String stack) {
    Map<String, StackResource> out = new LinkedHashMap<>();
    sim.stacks().listStackResources(stack).forEach(r -> out.put(r.logicalId(), r));
    return out;
  }

  List<StackEvent> eventsOldestFirst(String stack) {
    List<StackEvent> events = new ArrayList<>(sim.stacks().describeStackEvents(stack, 1_000_000));
    Collections.reverse(events);
    return events;
  }

  /** Every ENI and volume id of every group, by logical id. */
  Map<String, String> enisAndVolumes() {
    Map<String, String> out = new LinkedHashMap<>();
    for (int g = 1; g <= groups; g++) {
      resources(childId(g))
          .forEach(
              (id, r) -> {
                if (id.endsWith("Eni") || id.endsWith("Volume")) {
                  out.put(id, r.physicalId());
                }
              });
    }
    return out;
  }

  static List<Parameter> params(String... keysAndValues) {
    List<Parameter> out = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.add(Parameter.of(keysAndValues[i], keysAndValues[i + 1]));
    }
    return out;
  }
}
