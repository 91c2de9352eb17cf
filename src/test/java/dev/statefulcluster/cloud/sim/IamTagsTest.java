package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * IAM tag keys are case-insensitive and the stack's tags propagate to roles: a key given in two
 * cases fails the role's creation, as on AWS (docs/aws-facts.md, "Checked again: Tag keys").
 */
class IamTagsTest {
  private static final String ROLE =
      """
      {"Resources": {"NodeRole": {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        "Tags": [{"Key": "team", "Value": "data"}]}}}}
      """;

  private final Scenario sc = new Scenario();

  @Test
  void aStackTagThatDiffersFromTheRolesOnlyInCaseFailsTheRole() {
    assertThat(create(ROLE, Map.of("Team", "data"))).isEqualTo(StackStatus.ROLLBACK_COMPLETE);

    StackEvent failed =
        sc.eventsOldestFirst().stream()
            .filter(e -> e.status().equals("CREATE_FAILED"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.logicalId()).isEqualTo("NodeRole");
    assertThat(failed.reason())
        .isEqualTo(
            "Duplicate tag keys found. Please note that Tag keys are"
                + " case insensitive. (Service: AmazonIdentityManagement; Status Code: 400; Error Code:"
                + " InvalidInput)");
  }

  @Test
  void twoStackTagsInTwoCasesFailTheClustersRole() {
    assertThat(create(Scenario.cluster(), Map.of("Team", "data", "team", "data")))
        .isEqualTo(StackStatus.ROLLBACK_COMPLETE);
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e -> {
              assertThat(e.resourceType()).isEqualTo("AWS::IAM::Role");
              assertThat(e.status()).isEqualTo("CREATE_FAILED");
              assertThat(e.reason()).startsWith("Duplicate tag keys found.");
            });
  }

  @Test
  void theSameKeyInTheSameCaseIsOneTag() {
    assertThat(create(ROLE, Map.of("team", "ops"))).isEqualTo(StackStatus.CREATE_COMPLETE);
  }

  private StackStatus create(String body, Map<String, String> stackTags) {
    ChangeSetRequest r =
        new ChangeSetRequest(
            Scenario.STACK,
            "tags",
            ChangeSetType.CREATE,
            body,
            null,
            false,
            List.of(),
            Scenario.IAM,
            stackTags,
            null);
    sc.sim.stacks().createChangeSet(r);
    ChangeSet cs = sc.awaitChangeSet("tags");
    assertThat(cs.failed()).as(cs.statusReason()).isFalse();
    sc.sim.stacks().executeChangeSet(Scenario.STACK, "tags");
    return sc.settle();
  }
}
