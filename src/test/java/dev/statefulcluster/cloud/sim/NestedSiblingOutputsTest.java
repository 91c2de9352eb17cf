package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.ResourceChange.ChangeDetail;
import dev.statefulcluster.cloud.StackStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AWS's nested change sets do not follow a value from one nested stack's outputs into a sibling's
 * parameters (cloudformation-coverage-roadmap #759, open): the parameter is unknown when the nested
 * change set is planned, so the sibling's resources that use it are reported changed, and those
 * whose create-only property uses it replaced, though nothing changes. The shape is the layout over
 * several stacks': Nodes takes each Node&lt;i&gt;Eni by Fn::GetAtt Net.Outputs.
 */
class NestedSiblingOutputsTest {
  private final NestedCluster c = new NestedCluster(1, 1);

  @Test
  void anUnchangedSiblingOutputIsReportedAsAReplacementThatExecutionDoesNotMake() {
    c.sim.withUnknownSiblingOutputsDefect(true);
    assertThat(c.run(ChangeSetType.CREATE, upload(), List.of()))
        .isEqualTo(StackStatus.CREATE_COMPLETE);
    String instance = c.resources(childId("Nodes")).get("Node1Instance").physicalId();

    ChangeSet cs = c.changeSet(ChangeSetType.UPDATE, upload(), List.of());

    ChangeSet nodes = nested(cs, "Nodes");
    ResourceChange change =
        nodes.changes().stream()
            .filter(ch -> ch.logicalId().equals("Node1Instance"))
            .findFirst()
            .orElseThrow();
    assertThat(change.action()).isEqualTo(ResourceChange.Action.MODIFY);
    assertThat(change.replacement()).isEqualTo(ResourceChange.Replacement.TRUE);
    assertThat(change.details())
        .containsExactly(
            new ChangeDetail(
                "Properties",
                "NetworkInterfaces",
                "Always",
                "Dynamic",
                "ParameterReference",
                "Node1Eni"));
    assertThat(nodes.parameters()).containsEntry("Node1Eni", Unknowns.KNOWN_AFTER_APPLY);
    // The sibling that reads only the parent's own resources is planned with what it knows.
    assertThat(nested(cs, "Net").changes()).isEmpty();

    c.sim.stacks().executeChangeSet(NestedCluster.STACK, cs.name());
    assertThat(c.settle()).isEqualTo(StackStatus.UPDATE_COMPLETE);
    assertThat(c.resources(childId("Nodes")).get("Node1Instance").physicalId()).isEqualTo(instance);
  }

  @Test
  void withoutTheDefectTheModelPlansWithTheCurrentValue() {
    c.sim.withUnknownSiblingOutputsDefect(false);
    assertThat(c.run(ChangeSetType.CREATE, upload(), List.of()))
        .isEqualTo(StackStatus.CREATE_COMPLETE);

    ChangeSet cs = c.changeSet(ChangeSetType.UPDATE, upload(), List.of());

    assertThat(nested(cs, "Nodes").changes()).isEmpty();
  }

  private ChangeSet nested(ChangeSet root, String logicalId) {
    String id =
        root.changes().stream()
            .filter(ch -> ch.logicalId().equals(logicalId))
            .findFirst()
            .orElseThrow()
            .changeSetId();
    return c.sim.stacks().describeChangeSet(null, id);
  }

  private String childId(String logicalId) {
    return c.resources(NestedCluster.STACK).get(logicalId).physicalId();
  }

  /** Net holds node 1's interface; Nodes its instance, given the interface by Net's outputs. */
  private String upload() {
    c.sim
        .templates()
        .put(
            NestedCluster.BUCKET,
            null,
            "Net.json",
            """
            {"Parameters": {"SecurityGroup": {"Type": "String"}},
             "Resources": {"Node1Eni": {"Type": "AWS::EC2::NetworkInterface",
               "Properties": {"SubnetId": "subnet-a", "GroupSet": [{"Ref": "SecurityGroup"}]}}},
             "Outputs": {"Node1Eni": {"Value": {"Ref": "Node1Eni"}}}}
            """);
    c.sim
        .templates()
        .put(
            NestedCluster.BUCKET,
            null,
            "Nodes.json",
            """
            {"Parameters": {"Node1Eni": {"Type": "String"}},
             "Resources": {"Node1Instance": {"Type": "AWS::EC2::Instance",
               "Properties": {"InstanceType": "t3.large", "ImageId": "ami-old",
                 "NetworkInterfaces": [{"DeviceIndex": "0",
                   "NetworkInterfaceId": {"Ref": "Node1Eni"}}]}}}}
            """);
    String url = "https://" + NestedCluster.BUCKET + ".s3.us-east-1.amazonaws.com/";
    return """
        {"Resources": {
          "ClusterSecurityGroup": {"Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "cluster members", "VpcId": "vpc-1"}},
          "Net": {"Type": "AWS::CloudFormation::Stack",
            "Properties": {"TemplateURL": "%1$sNet.json",
              "Parameters": {"SecurityGroup": {"Ref": "ClusterSecurityGroup"}}}},
          "Nodes": {"Type": "AWS::CloudFormation::Stack",
            "Properties": {"TemplateURL": "%1$sNodes.json",
              "Parameters": {"Node1Eni": {"Fn::GetAtt": ["Net", "Outputs.Node1Eni"]}}}}}}
        """
        .formatted(url);
  }
}
