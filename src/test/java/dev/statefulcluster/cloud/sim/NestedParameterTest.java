package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A nested stack's parameter read from another nested stack's outputs (Fn::GetAtt
 * Child.Outputs.Name) is resolved when the parent updates the nested stack resource, after the
 * child it reads has updated: a nested change set planned the value as unknown, its execution
 * passes the real one.
 */
class NestedParameterTest {
  private final NestedCluster c = new NestedCluster(1, 1);

  @Test
  void anOutputTheOtherChildAddsInTheSameUpdateReachesTheChildThatReadsIt() {
    StackStatus created = c.run(ChangeSetType.CREATE, upload(1), List.of());
    assertThat(created).isEqualTo(StackStatus.CREATE_COMPLETE);
    String firstEni = c.stack(childId("Net")).outputs().get("Node1Eni");

    String grown = upload(2);
    ChangeSet cs = c.changeSet(ChangeSetType.UPDATE, grown, List.of());
    // While planning, node 2's interface does not exist yet: its id is not known.
    ChangeSet nodes = c.sim.stacks().describeChangeSet(null, nestedChangeSet(cs, "Nodes"));
    assertThat(nodes.changes()).anyMatch(ch -> ch.logicalId().equals("Node2Instance"));
    c.sim.stacks().executeChangeSet(NestedCluster.STACK, cs.name());

    assertThat(c.settle()).isEqualTo(StackStatus.UPDATE_COMPLETE);
    Map<String, String> net = c.stack(childId("Net")).outputs();
    assertThat(net.get("Node1Eni")).isEqualTo(firstEni);
    assertThat(net.get("Node2Eni")).startsWith("eni-");
    Map<String, String> given = c.stack(childId("Nodes")).parameters();
    assertThat(given)
        .containsEntry("Node1Eni", firstEni)
        .containsEntry("Node2Eni", net.get("Node2Eni"));
    String instance = c.resources(childId("Nodes")).get("Node2Instance").physicalId();
    Ec2Api.Instance i = c.sim.ec2().describeInstances(List.of(instance)).get(0);
    assertThat(i.networkInterfaceIds()).containsExactly(net.get("Node2Eni"));
  }

  private String childId(String logicalId) {
    return c.resources(NestedCluster.STACK).get(logicalId).physicalId();
  }

  private static String nestedChangeSet(ChangeSet root, String logicalId) {
    return root.changes().stream()
        .filter(ch -> ch.logicalId().equals(logicalId))
        .findFirst()
        .orElseThrow()
        .changeSetId();
  }

  /** Uploads both children's templates for {@code nodes} nodes; returns the parent's body. */
  private String upload(int nodes) {
    StringBuilder eniResources = new StringBuilder();
    StringBuilder eniOutputs = new StringBuilder();
    StringBuilder nodeParams = new StringBuilder();
    StringBuilder instances = new StringBuilder();
    StringBuilder passed = new StringBuilder();
    for (int n = 1; n <= nodes; n++) {
      String sep = n == 1 ? "" : ",";
      eniResources.append(
          sep
              + """
              "Node%1$dEni": {"Type": "AWS::EC2::NetworkInterface",
                "Properties": {"SubnetId": "subnet-a", "GroupSet": [{"Ref": "SecurityGroup"}]}}
              """
                  .formatted(n));
      eniOutputs.append(
          sep + "\"Node%1$dEni\": {\"Value\": {\"Ref\": \"Node%1$dEni\"}}".formatted(n));
      nodeParams.append(sep + "\"Node%dEni\": {\"Type\": \"String\"}".formatted(n));
      instances.append(
          sep
              + """
              "Node%1$dInstance": {"Type": "AWS::EC2::Instance",
                "Properties": {"InstanceType": "t3.large", "ImageId": "ami-old",
                  "NetworkInterfaces": [{"DeviceIndex": "0",
                    "NetworkInterfaceId": {"Ref": "Node%1$dEni"}}]}}
              """
                  .formatted(n));
      passed.append(
          sep
              + "\"Node%1$dEni\": {\"Fn::GetAtt\": [\"Net\", \"Outputs.Node%1$dEni\"]}"
                  .formatted(n));
    }
    c.sim
        .templates()
        .put(
            NestedCluster.BUCKET,
            null,
            "Net.json",
            """
            {"Parameters": {"SecurityGroup": {"Type": "String"}},
             "Resources": {%s}, "Outputs": {%s}}
            """
                .formatted(eniResources, eniOutputs));
    c.sim
        .templates()
        .put(
            NestedCluster.BUCKET,
            null,
            "Nodes.json",
            "{\"Parameters\": {%s}, \"Resources\": {%s}}".formatted(nodeParams, instances));
    String url = "https://" + NestedCluster.BUCKET + ".s3.us-east-1.amazonaws.com/";
    return """
        {"Resources": {
          "ClusterSecurityGroup": {"Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "cluster members", "VpcId": "vpc-1"}},
          "Net": {"Type": "AWS::CloudFormation::Stack",
            "Properties": {"TemplateURL": "%1$sNet.json",
              "Parameters": {"SecurityGroup": {"Ref": "ClusterSecurityGroup"}}}},
          "Nodes": {"Type": "AWS::CloudFormation::Stack",
            "Properties": {"TemplateURL": "%1$sNodes.json", "Parameters": {%2$s}}}}}
        """
        .formatted(url, passed);
  }
}
