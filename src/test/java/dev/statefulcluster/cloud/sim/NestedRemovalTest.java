package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackStatus;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A parent update that drops an AWS::CloudFormation::Stack deletes the nested stack with its
 * resources ("if a user performs a stack update that would delete the nested stack, AWS
 * CloudFormation deletes the nested stack accordingly", Protect CloudFormation stacks from being
 * deleted): the child's DeletionPolicy is honoured, its own stack policy does not stop it (a stack
 * policy applies only to updates of its stack), the root's termination protection does not stop it.
 * Only the parent's stack policy guards the nested stack resource.
 */
class NestedRemovalTest {
  private final NestedCluster c = new NestedCluster(2, 3);
  private String group2;
  private Map<String, String> group2Ids;

  @BeforeEach
  void tree() {
    assertThat(c.run(ChangeSetType.CREATE, c.upload(c::child), List.of()))
        .isEqualTo(StackStatus.CREATE_COMPLETE);
    group2 = c.childId(2);
    group2Ids = new TreeMap<>();
    c.resources(group2).forEach((id, r) -> group2Ids.put(id, r.physicalId()));
  }

  @Test
  void droppingANestedStackDeletesItWithItsInterfacesAndSnapshotsItsVolumes() throws IOException {
    c.sim.stacks().setTerminationProtection(NestedCluster.STACK, true);
    c.sim
        .stacks()
        .setStackPolicy(
            group2,
            """
            {"Statement": [{"Effect": "Deny", "Action": "Update:*", "Principal": "*",
                            "Resource": "*"}]}""");

    assertThat(c.run(ChangeSetType.UPDATE, withoutGroup2(), List.of()))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);

    assertThat(c.stack(group2).status()).isEqualTo(StackStatus.DELETE_COMPLETE);
    assertThat(c.resources(NestedCluster.STACK)).doesNotContainKey(NestedCluster.group(2));
    for (int n = 4; n <= 6; n++) {
      assertThat(c.sim.ec2().networkInterface(group2Ids.get("Node" + n + "Eni"))).isEmpty();
    }
    List<String> volumes =
        List.of(
            group2Ids.get("Node4Volume"),
            group2Ids.get("Node5Volume"),
            group2Ids.get("Node6Volume"));
    assertThat(c.sim.ec2().describeVolumes(volumes)).isEmpty();
    assertThat(c.sim.ec2().snapshotsOfVolumes(volumes))
        .extracting(Ec2Api.Snapshot::volumeId)
        .containsExactlyInAnyOrderElementsOf(volumes);
    // Group 1 is as it was.
    assertThat(c.stack(c.childId(1)).status()).isEqualTo(StackStatus.UPDATE_COMPLETE);
  }

  @Test
  void theParentsStackPolicyGuardsTheNestedStackResource() throws IOException {
    c.sim
        .stacks()
        .setStackPolicy(
            NestedCluster.STACK,
            """
            {"Statement": [
              {"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
              {"Effect": "Deny", "Action": ["Update:Delete", "Update:Replace"], "Principal": "*",
               "Resource": "*", "Condition": {"StringEquals":
                 {"ResourceType": ["AWS::CloudFormation::Stack"]}}}]}""");

    assertThat(c.run(ChangeSetType.UPDATE, withoutGroup2(), List.of()))
        .isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);

    // Refused before anything started: the child was not even updated.
    assertThat(c.stack(group2).status()).isEqualTo(StackStatus.CREATE_COMPLETE);
    Map<String, String> now = new TreeMap<>();
    c.resources(group2).forEach((id, r) -> now.put(id, r.physicalId()));
    assertThat(now).isEqualTo(group2Ids);
  }

  @Test
  void aNestedStacksTerminationProtectionIsItsRootsAndCannotBeSetOnIt() {
    assertThatThrownBy(() -> c.sim.stacks().setTerminationProtection(group2, true))
        .isInstanceOf(CloudException.class)
        .hasMessageContaining("nested stack");

    c.sim.stacks().setTerminationProtection(NestedCluster.STACK, true);
    assertThatThrownBy(() -> c.sim.stacks().deleteStack(group2))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("ValidationError"))
        .hasMessageContaining("cannot be deleted while TerminationProtection is enabled");
    assertThat(c.stack(group2).status()).isEqualTo(StackStatus.CREATE_COMPLETE);

    c.sim.stacks().setTerminationProtection(NestedCluster.STACK, false);
    c.sim.stacks().deleteStack(group2);
    assertThat(c.stack(group2).status()).isEqualTo(StackStatus.DELETE_IN_PROGRESS);
  }

  private String withoutGroup2() throws IOException {
    ObjectNode parent = (ObjectNode) TemplateParser.JSON.readTree(c.parent());
    ((ObjectNode) parent.get("Resources")).remove(NestedCluster.group(2));
    ((ObjectNode) parent.get("Outputs")).remove("Node" + c.firstNode(2) + "PrivateIp");
    return parent.toString();
  }
}
