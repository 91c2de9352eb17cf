package dev.statefulcluster.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.ResourceToImport;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each CloudFormation call against the stub: what the SDK sent, and how the answer maps. */
class AwsStackApiTest {

  private static final String STACK_ID =
      "arn:aws:cloudformation:eu-west-1:123456789012:stack/kafka-prod/"
          + "aaf549a0-a413-11df-adb3-5081b3858e83";
  private static final String CHANGE_SET_ID =
      "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/sc-roll-3/"
          + "1a2345b6-0000-00a0-a123-00abc0abc000";

  private AwsStub stub;
  private AwsCloud cloud;
  private StackApi stacks;

  @BeforeEach
  void start() {
    stub = AwsStub.start();
    cloud = stub.cloud();
    stacks = cloud.stacks();
  }

  @AfterEach
  void stop() {
    cloud.close();
    stub.close();
  }

  @Test
  void describeStackSendsTheNameAndMapsEveryField() {
    stub.reply("cfn-describe-stacks.xml");

    Stack stack = stacks.describeStack("kafka-prod").orElseThrow();

    var request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.params())
        .containsEntry("Action", "DescribeStacks")
        .containsEntry("Version", "2010-05-15")
        .containsEntry("StackName", "kafka-prod");
    assertThat(request.header("Authorization")).contains("/eu-west-1/cloudformation/aws4_request");
    assertThat(stack)
        .isEqualTo(
            new Stack(
                STACK_ID,
                "kafka-prod",
                StackStatus.UPDATE_ROLLBACK_COMPLETE,
                "The following resource(s) failed to update: [Node1Instance].",
                Map.of("ImageId", "ami-0abcdef1234567890", "Node1Present", "true"),
                Map.of("Node1PrivateIp", "10.0.1.11"),
                Map.of("stateful-cluster:cluster", "kafka-prod"),
                true,
                Instant.parse("2024-03-01T10:15:30.123Z"),
                Instant.parse("2024-03-02T08:00:00Z")));
  }

  @Test
  void describeStackOfAStackThatDoesNotExistIsEmpty() {
    stub.reply(400, "cfn-error-stack-does-not-exist.xml");

    assertThat(stacks.describeStack("kafka-missing")).isEmpty();
  }

  @Test
  void describeStackByTheIdOfADeletedStackIsEmpty() {
    stub.replyBody(
        200,
        AwsStub.wire("cfn-describe-stacks.xml")
            .replace("UPDATE_ROLLBACK_COMPLETE", "DELETE_COMPLETE"));

    assertThat(stacks.describeStack(STACK_ID)).isEmpty();
    assertThat(stub.onlyRequest().params()).containsEntry("StackName", STACK_ID);
  }

  @Test
  void describeStackKeepsOtherValidationErrors() {
    stub.reply(400, "cfn-error-validation.xml");

    assertThatThrownBy(() -> stacks.describeStack("bad name!"))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ValidationError");
              assertThat(e.getMessage())
                  .startsWith("CloudFormation DescribeStacks: 1 validation error detected");
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void getTemplateAsksForTheOriginalStageAndReturnsTheBodyAsGiven() {
    stub.reply("cfn-get-template.xml");

    String body = stacks.getTemplate("kafka-prod");

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "GetTemplate")
        .containsEntry("StackName", "kafka-prod")
        .containsEntry("TemplateStage", "Original");
    assertThat(body)
        .startsWith("AWSTemplateFormatVersion: '2010-09-09'\n")
        .contains("Description: stateful-cluster kafka-prod & friends <3\n")
        .endsWith("      Size: 100\n");
  }

  /**
   * No tags given (grow, roll): no Tags sent, so the stack keeps its tags; an empty map sends an
   * empty list, which removes them.
   */
  @Test
  void createChangeSetSendsTagsOnlyWhenGiven() {
    stub.reply("cfn-create-change-set.xml");
    stacks.createChangeSet(
        ChangeSetRequest.builder("kafka-prod", "sc-grow-1").previousTemplate().build());
    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "CreateChangeSet")
        .doesNotContainKeys("Tags", "Tags.member.1.Key");
  }

  @Test
  void createChangeSetSendsEveryField() {
    stub.reply("cfn-create-change-set.xml");
    var request =
        new ChangeSetRequest(
            "kafka-prod",
            "sc-roll-3",
            ChangeSetType.UPDATE,
            "{\"Resources\":{}}",
            null,
            false,
            List.of(
                Parameter.of("ImageId", "ami-0fedcba9876543210"),
                Parameter.previous("Node2Present")),
            Set.of("CAPABILITY_NAMED_IAM", "CAPABILITY_IAM"),
            Map.of("team", "data", "stateful-cluster:cluster", "kafka-prod"),
            "node 1: new image");

    String id = stacks.createChangeSet(request);

    assertThat(id).isEqualTo(CHANGE_SET_ID);
    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "CreateChangeSet")
        .containsEntry("StackName", "kafka-prod")
        .containsEntry("ChangeSetName", "sc-roll-3")
        .containsEntry("ChangeSetType", "UPDATE")
        .containsEntry("TemplateBody", "{\"Resources\":{}}")
        .containsEntry("Parameters.member.1.ParameterKey", "ImageId")
        .containsEntry("Parameters.member.1.ParameterValue", "ami-0fedcba9876543210")
        .containsEntry("Parameters.member.2.ParameterKey", "Node2Present")
        .containsEntry("Parameters.member.2.UsePreviousValue", "true")
        .containsEntry("Capabilities.member.1", "CAPABILITY_IAM")
        .containsEntry("Capabilities.member.2", "CAPABILITY_NAMED_IAM")
        .containsEntry("Tags.member.1.Key", "stateful-cluster:cluster")
        .containsEntry("Tags.member.1.Value", "kafka-prod")
        .containsEntry("Tags.member.2.Key", "team")
        .containsEntry("Tags.member.2.Value", "data")
        .containsEntry("Description", "node 1: new image")
        .doesNotContainKeys(
            "Parameters.member.1.UsePreviousValue",
            "Parameters.member.2.ParameterValue",
            "TemplateURL",
            "UsePreviousTemplate");
  }

  @Test
  void createChangeSetOfTypeImportSendsEachResourceAndItsIdentifier() {
    stub.reply("cfn-create-change-set.xml");

    stacks.createChangeSet(
        ChangeSetRequest.builder("kafka-prod-Network1", "sc-import-network1")
            .url("https://b.s3.eu-west-1.amazonaws.com/network1.json")
            .parameters(List.of(Parameter.of("ClusterSecurityGroup", "sg-0123456789abcdef0")))
            .resourcesToImport(
                List.of(
                    ResourceToImport.of(
                        "AWS::EC2::NetworkInterface", "Node1Eni", "Id", "eni-0123456789abcdef0"),
                    ResourceToImport.of(
                        "AWS::EC2::NetworkInterface", "Node2Eni", "Id", "eni-0fedcba987654321f")))
            .build());

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "CreateChangeSet")
        .containsEntry("ChangeSetType", "IMPORT")
        .containsEntry("ResourcesToImport.member.1.ResourceType", "AWS::EC2::NetworkInterface")
        .containsEntry("ResourcesToImport.member.1.LogicalResourceId", "Node1Eni")
        .containsEntry("ResourcesToImport.member.1.ResourceIdentifier.entry.1.key", "Id")
        .containsEntry(
            "ResourcesToImport.member.1.ResourceIdentifier.entry.1.value", "eni-0123456789abcdef0")
        .containsEntry("ResourcesToImport.member.2.LogicalResourceId", "Node2Eni")
        .containsEntry(
            "ResourcesToImport.member.2.ResourceIdentifier.entry.1.value", "eni-0fedcba987654321f")
        .doesNotContainKey("ResourcesToImport.member.3.LogicalResourceId");
  }

  @Test
  void anUpdateSendsNoResourcesToImport() {
    stub.reply("cfn-create-change-set.xml");

    stacks.createChangeSet(
        ChangeSetRequest.builder("kafka-prod", "sc-grow-1").previousTemplate().build());

    assertThat(stub.onlyRequest().params().keySet())
        .noneMatch(k -> k.startsWith("ResourcesToImport"))
        .contains("ChangeSetType");
    assertThat(stub.onlyRequest().params()).containsEntry("ChangeSetType", "UPDATE");
  }

  @Test
  void anImportRequestNeedsResourcesAndResourcesNeedAnImport() {
    var builder = ChangeSetRequest.builder("kafka-prod-Nodes1", "sc-import").body("{}");
    assertThatThrownBy(() -> builder.type(ChangeSetType.IMPORT).build())
        .isInstanceOf(IllegalArgumentException.class);
    var withResources =
        ChangeSetRequest.builder("kafka-prod-Nodes1", "sc-import")
            .body("{}")
            .resourcesToImport(
                List.of(ResourceToImport.of("AWS::EC2::Volume", "Node1Volume", "VolumeId", "v")));
    assertThat(withResources.build().type()).isEqualTo(ChangeSetType.IMPORT);
    assertThatThrownBy(() -> withResources.type(ChangeSetType.UPDATE).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describeChangeSetOfAnImportMapsTheImportAction() {
    stub.reply("cfn-describe-change-set-import.xml");

    ChangeSet changeSet = stacks.describeChangeSet("kafka-prod-Network1", "sc-import-network1");

    assertThat(changeSet.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(ResourceChange.Action.IMPORT);
              assertThat(c.logicalId()).isEqualTo("Node1Eni");
              assertThat(c.physicalId()).isEqualTo("eni-0123456789abcdef0");
              assertThat(c.replacement()).isEqualTo(ResourceChange.Replacement.NONE);
            });
    assertThat(changeSet.parameters())
        .containsEntry("ClusterSecurityGroup", "sg-0123456789abcdef0");
  }

  @Test
  void describeStackOfAnImportedStackGivesTheImportStatuses() {
    for (StackStatus status :
        List.of(
            StackStatus.IMPORT_IN_PROGRESS,
            StackStatus.IMPORT_COMPLETE,
            StackStatus.IMPORT_ROLLBACK_COMPLETE)) {
      stub.replyBody(
          200,
          AwsStub.wire("cfn-describe-stacks.xml")
              .replace("UPDATE_ROLLBACK_COMPLETE", status.name()));
      assertThat(stacks.describeStack("kafka-prod").orElseThrow().status()).isEqualTo(status);
    }
    assertThat(StackStatus.IMPORT_COMPLETE.updatable()).isTrue();
    assertThat(StackStatus.IMPORT_IN_PROGRESS.inProgress()).isTrue();
  }

  @Test
  void createChangeSetFromATemplateUrl() {
    stub.reply("cfn-create-change-set.xml");

    stacks.createChangeSet(
        new ChangeSetRequest(
            "kafka-prod",
            "sc-create",
            ChangeSetType.CREATE,
            null,
            "https://b.s3.eu-west-1.amazonaws.com/t.json",
            false,
            List.of(),
            Set.of(),
            Map.of(),
            null));

    assertThat(stub.onlyRequest().params())
        .containsEntry("ChangeSetType", "CREATE")
        .containsEntry("TemplateURL", "https://b.s3.eu-west-1.amazonaws.com/t.json")
        .doesNotContainKeys("TemplateBody", "UsePreviousTemplate", "Description");
  }

  @Test
  void createChangeSetWithThePreviousTemplate() {
    stub.reply("cfn-create-change-set.xml");

    stacks.createChangeSet(
        new ChangeSetRequest(
            "kafka-prod",
            "sc-params",
            ChangeSetType.UPDATE,
            null,
            null,
            true,
            List.of(Parameter.of("Node1Present", "false")),
            Set.of(),
            Map.of(),
            null));

    assertThat(stub.onlyRequest().params())
        .containsEntry("UsePreviousTemplate", "true")
        .containsEntry("Parameters.member.1.ParameterValue", "false")
        .doesNotContainKeys("TemplateBody", "TemplateURL");
  }

  @Test
  void describeChangeSetFollowsNextTokenAndMapsChangesAndParameters() {
    stub.reply("cfn-describe-change-set-page1.xml").reply("cfn-describe-change-set-page2.xml");

    ChangeSet changeSet = stacks.describeChangeSet("kafka-prod", "sc-roll-3");

    var requests = stub.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).params())
        .containsEntry("Action", "DescribeChangeSet")
        .containsEntry("StackName", "kafka-prod")
        .containsEntry("ChangeSetName", "sc-roll-3")
        .doesNotContainKey("NextToken");
    assertThat(requests.get(1).params())
        .containsEntry("Action", "DescribeChangeSet")
        .containsEntry("NextToken", "page-2-of-changes");
    assertThat(changeSet)
        .isEqualTo(
            new ChangeSet(
                CHANGE_SET_ID,
                "sc-roll-3",
                "kafka-prod",
                "CREATE_COMPLETE",
                null,
                "AVAILABLE",
                Map.of("ImageId", "ami-0fedcba9876543210", "Node1Present", "false"),
                List.of(
                    new ResourceChange(
                        "Modify",
                        "Node1Volume",
                        "vol-0123456789abcdef0",
                        "AWS::EC2::Volume",
                        "False",
                        List.of("Properties", "Tags"),
                        List.of(
                            new ResourceChange.ChangeDetail(
                                "Properties",
                                "Size",
                                "Never",
                                "Static",
                                "ParameterReference",
                                "Node1VolumeSize"),
                            new ResourceChange.ChangeDetail(
                                "Tags", null, "Never", "Static", "DirectModification", null))),
                    new ResourceChange(
                        "Remove",
                        "Node1Instance",
                        "i-0123456789abcdef0",
                        "AWS::EC2::Instance",
                        null,
                        List.of(),
                        List.of()))));
  }

  @Test
  void describeChangeSetThatChangesNothing() {
    stub.reply("cfn-describe-change-set-failed-empty.xml");

    ChangeSet changeSet = stacks.describeChangeSet("kafka-prod", "sc-roll-4");

    assertThat(changeSet.failed()).isTrue();
    assertThat(changeSet.empty()).isTrue();
    assertThat(changeSet.executionStatus()).isEqualTo("UNAVAILABLE");
    assertThat(changeSet.changes()).isEmpty();
    assertThat(changeSet.parameters()).isEmpty();
  }

  @Test
  void executeAndDeleteChangeSetNameStackAndChangeSet() {
    stub.reply("cfn-execute-change-set.xml").reply("cfn-delete-change-set.xml");

    stacks.executeChangeSet("kafka-prod", "sc-roll-3");
    stacks.deleteChangeSet("kafka-prod", "sc-roll-2");

    var requests = stub.requests();
    assertThat(requests.get(0).params())
        .containsEntry("Action", "ExecuteChangeSet")
        .containsEntry("StackName", "kafka-prod")
        .containsEntry("ChangeSetName", "sc-roll-3");
    assertThat(requests.get(1).params())
        .containsEntry("Action", "DeleteChangeSet")
        .containsEntry("StackName", "kafka-prod")
        .containsEntry("ChangeSetName", "sc-roll-2");
  }

  @Test
  void describeStackEventsFollowsPagesUntilMax() {
    stub.reply("cfn-describe-stack-events-page1.xml")
        .reply("cfn-describe-stack-events-page2.xml")
        .reply("cfn-describe-stack-events-last.xml");

    List<StackEvent> events = stacks.describeStackEvents("kafka-prod", 3);

    var requests = stub.requests();
    assertThat(requests).hasSize(2); // the third page is never asked for
    assertThat(requests.get(0).params())
        .containsEntry("Action", "DescribeStackEvents")
        .containsEntry("StackName", "kafka-prod")
        .doesNotContainKey("NextToken");
    assertThat(requests.get(1).params()).containsEntry("NextToken", "events-page-2");
    assertThat(events)
        .extracting(StackEvent::status)
        .containsExactly("UPDATE_ROLLBACK_COMPLETE", "UPDATE_FAILED", "UPDATE_IN_PROGRESS");
    assertThat(events.get(0).isStackEvent()).isTrue();
    assertThat(events.get(1))
        .isEqualTo(
            new StackEvent(
                "Node1Instance-UPDATE_FAILED-2024-03-02T07:58:12.345Z",
                "kafka-prod",
                "Node1Instance",
                "i-0123456789abcdef0",
                "AWS::EC2::Instance",
                Instant.parse("2024-03-02T07:58:12.345Z"),
                "UPDATE_FAILED",
                "Interface: [eni-0a1b2c3d4e5f60718] in use. "
                    + "(Service: Ec2, Status Code: 400, Request ID: 0f7c0c1e)"));
  }

  @Test
  void describeStackEventsStopsAtTheLastPage() {
    stub.reply("cfn-describe-stack-events-page1.xml")
        .reply("cfn-describe-stack-events-page2.xml")
        .reply("cfn-describe-stack-events-last.xml");

    List<StackEvent> events = stacks.describeStackEvents("kafka-prod", 100);

    assertThat(stub.requests()).hasSize(3);
    assertThat(stub.requests().get(2).params()).containsEntry("NextToken", "events-page-3");
    assertThat(events).hasSize(5);
    assertThat(events.get(4).status()).isEqualTo("CREATE_COMPLETE");
  }

  @Test
  void listStackResourcesFollowsPages() {
    stub.reply("cfn-list-stack-resources-page1.xml").reply("cfn-list-stack-resources-page2.xml");

    List<StackResource> resources = stacks.listStackResources("kafka-prod");

    assertThat(stub.requests().get(0).params())
        .containsEntry("Action", "ListStackResources")
        .containsEntry("StackName", "kafka-prod");
    assertThat(stub.requests().get(1).params()).containsEntry("NextToken", "resources-page-2");
    assertThat(resources)
        .containsExactly(
            new StackResource(
                "Node1Eni",
                "eni-0a1b2c3d4e5f60718",
                "AWS::EC2::NetworkInterface",
                "CREATE_COMPLETE",
                null,
                Instant.parse("2024-03-01T10:16:05Z")),
            new StackResource(
                "Node1Instance",
                "i-0123456789abcdef0",
                "AWS::EC2::Instance",
                "UPDATE_FAILED",
                "Interface: [eni-0a1b2c3d4e5f60718] in use.",
                Instant.parse("2024-03-02T07:58:12.345Z")));
  }

  @Test
  void setAndGetStackPolicy() {
    String policy =
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"Update:*\","
            + "\"Principal\":\"*\",\"Resource\":\"*\"}]}";
    stub.reply("cfn-set-stack-policy.xml").reply("cfn-get-stack-policy.xml");

    stacks.setStackPolicy("kafka-prod", policy);
    Optional<String> read = stacks.getStackPolicy("kafka-prod");

    assertThat(stub.requests().get(0).params())
        .containsEntry("Action", "SetStackPolicy")
        .containsEntry("StackName", "kafka-prod")
        .containsEntry("StackPolicyBody", policy);
    assertThat(stub.requests().get(1).params())
        .containsEntry("Action", "GetStackPolicy")
        .containsEntry("StackName", "kafka-prod");
    assertThat(read).contains(policy);
  }

  @Test
  void getStackPolicyOfAStackWithoutOneIsEmpty() {
    stub.reply("cfn-get-stack-policy-none.xml");

    assertThat(stacks.getStackPolicy("kafka-prod")).isEmpty();
  }

  @Test
  void setTerminationProtection() {
    stub.reply("cfn-update-termination-protection.xml")
        .reply("cfn-update-termination-protection.xml");

    stacks.setTerminationProtection("kafka-prod", true);
    stacks.setTerminationProtection("kafka-prod", false);

    assertThat(stub.requests().get(0).params())
        .containsEntry("Action", "UpdateTerminationProtection")
        .containsEntry("StackName", "kafka-prod")
        .containsEntry("EnableTerminationProtection", "true");
    assertThat(stub.requests().get(1).params())
        .containsEntry("EnableTerminationProtection", "false");
  }

  @Test
  void deleteStack() {
    stub.reply("cfn-delete-stack.xml");

    stacks.deleteStack("kafka-prod");

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "DeleteStack")
        .containsEntry("StackName", "kafka-prod");
  }

  @Test
  void continueUpdateRollbackSkipsTheGivenResources() {
    stub.reply("cfn-continue-update-rollback.xml");

    stacks.continueUpdateRollback("kafka-prod", List.of("Node1Volume", "Node2Volume"));

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "ContinueUpdateRollback")
        .containsEntry("StackName", "kafka-prod")
        .containsEntry("ResourcesToSkip.member.1", "Node1Volume")
        .containsEntry("ResourcesToSkip.member.2", "Node2Volume");
  }

  @Test
  void continueUpdateRollbackWithNothingToSkip() {
    stub.reply("cfn-continue-update-rollback.xml");

    stacks.continueUpdateRollback("kafka-prod", List.of());

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "ContinueUpdateRollback")
        .doesNotContainKey("ResourcesToSkip.member.1");
  }

  private static final String ROOT_CHANGE_SET_ID =
      "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/sc-roll-4/"
          + "2b3456c7-0000-00a0-a123-00abc0abc000";
  private static final String NESTED_CHANGE_SET_ID =
      "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/sc-roll-4-Group2-9K8J7H6G5F4D/"
          + "3c4567d8-0000-00a0-a123-00abc0abc000";
  private static final String CHILD_ID =
      "arn:aws:cloudformation:eu-west-1:123456789012:stack/kafka-prod-Group2-1X2Y3Z4W5V6U/"
          + "c3d4e5f6-a413-11df-adb3-5081b3858e83";

  @Test
  void createChangeSetAsksForNestedChangeSetsOnlyWhenTold() {
    stub.reply("cfn-create-change-set.xml").reply("cfn-create-change-set.xml");

    stacks.createChangeSet(
        ChangeSetRequest.builder("kafka-prod", "sc-roll-4")
            .url("https://b.s3.eu-west-1.amazonaws.com/t.json")
            .includeNestedStacks(true)
            .build());
    stacks.createChangeSet(
        ChangeSetRequest.builder("kafka-prod", "sc-roll-5")
            .url("https://b.s3.eu-west-1.amazonaws.com/t.json")
            .build());

    assertThat(stub.requests().get(0).params()).containsEntry("IncludeNestedStacks", "true");
    assertThat(stub.requests().get(1).params()).doesNotContainKey("IncludeNestedStacks");
  }

  @Test
  void describeStackOfANestedStackGivesItsParentAndRoot() {
    stub.reply("cfn-describe-stacks-nested.xml");

    Stack child = stacks.describeStack(CHILD_ID).orElseThrow();

    assertThat(stub.onlyRequest().params()).containsEntry("StackName", CHILD_ID);
    assertThat(child.name()).isEqualTo("kafka-prod-Group2-1X2Y3Z4W5V6U");
    assertThat(child.nested()).isTrue();
    assertThat(child.parentId()).isEqualTo(STACK_ID);
    assertThat(child.rootId()).isEqualTo(STACK_ID);
    assertThat(child.outputs()).containsEntry("Node51PrivateIp", "10.0.1.61");
  }

  @Test
  void aStackThatIsNotNestedHasNoParent() {
    stub.reply("cfn-describe-stacks.xml");

    Stack stack = stacks.describeStack("kafka-prod").orElseThrow();

    assertThat(stack.nested()).isFalse();
    assertThat(stack.parentId()).isNull();
    assertThat(stack.rootId()).isNull();
  }

  @Test
  void aRootChangeSetNamesTheNestedChangeSetOfEachNestedStack() {
    stub.reply("cfn-describe-change-set-root.xml");

    ChangeSet root = stacks.describeChangeSet("kafka-prod", "sc-roll-4");

    assertThat(root.includeNestedStacks()).isTrue();
    assertThat(root.nested()).isFalse();
    assertThat(root.parentChangeSetId()).isNull();
    assertThat(root.rootChangeSetId()).isNull();
    assertThat(root.nestedChangeSetIds()).containsExactly(NESTED_CHANGE_SET_ID);
    ResourceChange group = root.changes().get(0);
    assertThat(group.resourceType()).isEqualTo("AWS::CloudFormation::Stack");
    assertThat(group.physicalId()).isEqualTo(CHILD_ID);
    assertThat(group.changeSetId()).isEqualTo(NESTED_CHANGE_SET_ID);
    assertThat(group.replacement()).isEqualTo(ResourceChange.Replacement.FALSE);
  }

  @Test
  void aNestedChangeSetIsDescribedByItsIdAndNamesItsParentAndRoot() {
    stub.reply("cfn-describe-change-set-nested.xml");

    ChangeSet nested = stacks.describeChangeSet(null, NESTED_CHANGE_SET_ID);

    assertThat(stub.onlyRequest().params())
        .containsEntry("ChangeSetName", NESTED_CHANGE_SET_ID)
        .doesNotContainKey("StackName");
    assertThat(nested.nested()).isTrue();
    assertThat(nested.parentChangeSetId()).isEqualTo(ROOT_CHANGE_SET_ID);
    assertThat(nested.rootChangeSetId()).isEqualTo(ROOT_CHANGE_SET_ID);
    assertThat(nested.stackName()).isEqualTo("kafka-prod-Group2-1X2Y3Z4W5V6U");
    assertThat(nested.nestedChangeSetIds()).isEmpty();
    assertThat(nested.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.logicalId()).isEqualTo("Node51Volume");
              assertThat(c.replacement()).isEqualTo(ResourceChange.Replacement.TRUE);
              assertThat(c.changeSetId()).isNull();
            });
  }

  @Test
  void aNestedStackResourceGivesTheChildStackId() {
    stub.reply("cfn-list-stack-resources-nested.xml");

    StackResource group = stacks.listStackResources("kafka-prod").get(0);

    assertThat(group.nestedStack()).isTrue();
    assertThat(group.physicalId()).isEqualTo(CHILD_ID);
  }
}
