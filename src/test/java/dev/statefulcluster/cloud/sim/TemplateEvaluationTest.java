package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parameters, conditions and intrinsic functions, and the errors CreateChangeSet gives for them.
 */
class TemplateEvaluationTest {
  private static final String HEAD =
      "{\"Parameters\":{\"Env\":{\"Type\":\"String\",\"Default\":\"prod\",\"AllowedValues\":[\"prod\",\"test\"]},"
          + "\"Zones\":{\"Type\":\"CommaDelimitedList\",\"Default\":\"a,b,c\"},\"Size\":{\"Type\":\"Number\",\"Default\":\"8\",\"MaxValue\":100}},"
          + "\"Mappings\":{\"Sizes\":{\"prod\":{\"disk\":\"100\"},\"test\":{\"disk\":\"10\"}}},"
          + "\"Conditions\":{\"IsProd\":{\"Fn::Equals\":[{\"Ref\":\"Env\"},\"prod\"]},\"IsTest\":{\"Fn::Not\":[{\"Condition\":\"IsProd\"}]},"
          + "\"Both\":{\"Fn::And\":[{\"Condition\":\"IsProd\"},{\"Fn::Or\":[{\"Condition\":\"IsTest\"},{\"Fn::Equals\":[\"x\",\"x\"]}]}]}},";

  private final Scenario sc = new Scenario();

  private JsonNode evaluate(String expression, List<Parameter> params) {
    String body =
        HEAD + "\"Resources\":{\"H\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}";
    ParsedTemplate t = TemplateParser.parse(body);
    Map<String, String> values = ParameterValues.resolve(t, params, null, (type, v) -> true);
    TemplateInstance i =
        TemplateInstance.evaluate(
            t,
            values,
            new StackIdentity(
                "s1",
                "arn:stack/s1",
                "eu-west-1",
                "123456789012",
                List.of("eu-west-1a", "eu-west-1b")));
    try {
      return i.intrinsics(null).resolve(TemplateParser.JSON.readTree(expression));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private String text(String expression) {
    return evaluate(expression, List.of()).asText();
  }

  @Test
  void subReplacesParametersPseudoParametersAndEscapes() {
    assertThat(
            text(
                "{\"Fn::Sub\":\"${AWS::StackName}-${Env} in ${AWS::Region} ${!Literal} ${AWS::AccountId}\"}"))
        .isEqualTo("s1-prod in eu-west-1 ${Literal} 123456789012");
    assertThat(
            text(
                "{\"Fn::Sub\":[\"${A}/${Env}\",{\"A\":{\"Fn::FindInMap\":[\"Sizes\",{\"Ref\":\"Env\"},\"disk\"]}}]}"))
        .isEqualTo("100/prod");
  }

  @Test
  void listFunctions() {
    assertThat(text("{\"Fn::Join\":[\"-\",{\"Ref\":\"Zones\"}]}")).isEqualTo("a-b-c");
    assertThat(text("{\"Fn::Select\":[\"1\",{\"Fn::Split\":[\",\",\"x,y,z\"]}]}")).isEqualTo("y");
    assertThat(text("{\"Fn::Select\":[0,{\"Fn::GetAZs\":\"\"}]}")).isEqualTo("eu-west-1a");
    assertThat(text("{\"Fn::Base64\":\"hi\"}")).isEqualTo("aGk=");
    assertThatThrownBy(() -> text("{\"Fn::Select\":[\"5\",{\"Ref\":\"Zones\"}]}"))
        .hasMessage("Template error: Fn::Select cannot select nonexistent value at index 5");
  }

  @Test
  void conditionsAndNoValue() {
    assertThat(
            evaluate(
                    "{\"A\":{\"Fn::If\":[\"IsProd\",\"big\",\"small\"]},\"B\":{\"Fn::If\":[\"IsTest\",\"x\",{\"Ref\":\"AWS::NoValue\"}]},"
                        + "\"C\":[\"1\",{\"Fn::If\":[\"Both\",{\"Ref\":\"AWS::NoValue\"},\"2\"]}]}",
                    List.of())
                .toString())
        .isEqualTo("{\"A\":\"big\",\"C\":[\"1\"]}");
    assertThat(
            evaluate(
                    "{\"Fn::If\":[\"IsProd\",\"big\",\"small\"]}",
                    List.of(Parameter.of("Env", "test")))
                .asText())
        .isEqualTo("small");
  }

  @Test
  void parameterConstraints() {
    assertThatThrownBy(() -> evaluate("1", List.of(Parameter.of("Env", "dev"))))
        .hasMessage("Parameter 'Env' must be one of AllowedValues");
    assertThatThrownBy(() -> evaluate("1", List.of(Parameter.of("Size", "big"))))
        .hasMessage("Parameter 'Size' must be a number");
    assertThatThrownBy(() -> evaluate("1", List.of(Parameter.of("Size", "101"))))
        .hasMessage("Parameter 'Size' must be a number not greater than 100");
    assertThatThrownBy(() -> evaluate("1", List.of(Parameter.of("Other", "x"))))
        .hasMessage("Parameters: [Other] do not exist in the template");
  }

  @Test
  void theClusterTemplateValidatesItsParameters() {
    assertThatThrownBy(
            () ->
                sc.changeSet(
                    ChangeSetType.CREATE,
                    Scenario.cluster(),
                    Scenario.params("Node1Image", "centos")))
        .isInstanceOf(CloudException.class)
        .hasMessage("Parameter 'Node1Image' must match pattern ami-[0-9a-z]+");
    assertThatThrownBy(
            () ->
                sc.changeSet(
                    ChangeSetType.CREATE, Scenario.cluster(), Scenario.params("NodeDown", "node4")))
        .hasMessage("Parameter 'NodeDown' must be one of AllowedValues");
    assertThat(sc.sim.stacks().describeStack(Scenario.STACK)).isEmpty();
  }

  @Test
  void aParameterWithoutValueOrDefault() {
    String body =
        "{\"Parameters\":{\"Need\":{\"Type\":\"String\"}},\"Resources\":{\"H\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}";
    assertThatThrownBy(() -> sc.changeSet(ChangeSetType.CREATE, body, List.of()))
        .hasMessage("Parameters: [Need] must have values");
    assertThatThrownBy(
            () -> sc.changeSet(ChangeSetType.CREATE, body, List.of(Parameter.previous("Need"))))
        .hasMessageContaining(
            "Cannot specify usePreviousValue as true for a parameter key not in the previous template");
  }

  @Test
  void awsSpecificParameterTypesMustNameSomethingThatExists() {
    String body =
        "{\"Parameters\":{\"Subnet\":{\"Type\":\"AWS::EC2::Subnet::Id\"}},\"Resources\":{\"H\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}";
    assertThatThrownBy(
            () -> sc.changeSet(ChangeSetType.CREATE, body, Scenario.params("Subnet", "subnet-zzz")))
        .hasMessage(
            "Parameter validation failed: parameter value subnet-zzz for parameter name Subnet does not exist");
    assertThat(
            sc.changeSet(ChangeSetType.CREATE, body, Scenario.params("Subnet", "subnet-a"))
                .status())
        .isEqualTo("CREATE_COMPLETE");
  }

  @Test
  void referenceErrors() {
    assertRejected(
        "{\"Resources\":{\"G\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{\"GroupDescription\":\"g\",\"VpcId\":{\"Ref\":\"Vpc\"}}}}}",
        "Template format error: Unresolved resource dependencies [Vpc] in the Resources block of the template");
    assertRejected(
        "{\"Resources\":{\"G\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"DependsOn\":\"Nope\",\"Properties\":{\"GroupDescription\":\"g\"}}}}",
        "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template");
    assertRejected(
        "{\"Resources\":{\"G\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{\"GroupDescription\":{\"Fn::GetAtt\":[\"X\",\"Arn\"]}}}}}",
        "Template error: instance of Fn::GetAtt references undefined resource X");
    assertRejected(
        "{\"Resources\":{\"G\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{\"GroupDescription\":{\"Fn::GetAtt\":[\"G\",\"Arn\"]}}}}}",
        "Template error: resource G does not support attribute type Arn in Fn::GetAtt");
    assertRejected(
        "{\"Resources\":{\"A\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{\"GroupDescription\":{\"Ref\":\"B\"}}},"
            + "\"B\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{\"GroupDescription\":{\"Ref\":\"A\"}}}}}",
        "Template format error: Circular dependency between resources: [A, B]");
    assertRejected(
        "{\"Resources\":{\"G\":{\"Type\":\"AWS::S3::Bucket\"}}}",
        "Template format error: Unrecognized resource types: [AWS::S3::Bucket]");
    assertRejected(
        "{\"Resources\":{\"G\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Condition\":\"Missing\",\"Properties\":{\"GroupDescription\":\"g\"}}}}",
        "Template format error: Unresolved condition dependency Missing in resource G");
    assertRejected(
        "{\"Resources\":{\"G\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{\"GroupDescription\":{\"Fn::Cidr\":[\"10.0.0.0/16\",1,8]}}}}}",
        "Fn::Cidr is not modeled by the in-memory CloudFormation");
    assertRejected(
        "{\"Resources\":{\"G\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{\"GroupDescription\":{\"Fn::Nope\":\"x\"}}}}}",
        "Template format error: Encountered unsupported function: Fn::Nope");
    assertRejected(
        "{\"Resources\":{}}",
        "Template format error: At least one Resources member must be defined.");
    assertRejected(
        "{\"Resources\":{\"G\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{}}},\"Extra\":1}",
        "Template format error: Invalid template property or properties [Extra]");
    assertRejected(
        "{\"Resources\": {", "Template format error: JSON not well-formed. (line 1, column 16)");
  }

  @Test
  void anUnconditionalResourceMayNotReferToAResourceWhoseConditionIsFalse() {
    String body =
        "{\"Parameters\":{\"On\":{\"Type\":\"String\",\"Default\":\"yes\"}},\"Conditions\":{\"Wanted\":{\"Fn::Equals\":[{\"Ref\":\"On\"},\"yes\"]}},"
            + "\"Resources\":{\"A\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Condition\":\"Wanted\",\"Properties\":{\"GroupDescription\":\"a\",\"VpcId\":\"vpc-1\"}},"
            + "\"B\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{\"GroupDescription\":{\"Ref\":\"A\"},\"VpcId\":\"vpc-1\"}},"
            + "\"C\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{\"GroupDescription\":{\"Fn::If\":[\"Wanted\",{\"Ref\":\"A\"},\"none\"]},\"VpcId\":\"vpc-1\"}}}}";
    assertThat(sc.changeSet(ChangeSetType.CREATE, body, List.of()).status())
        .isEqualTo("CREATE_COMPLETE");
    assertThatThrownBy(() -> sc.changeSet(ChangeSetType.CREATE, body, Scenario.params("On", "no")))
        .hasMessage(
            "Template format error: Unresolved resource dependencies [A] in the Resources block of the template");
    String guarded =
        body.replace(
            "{\"Ref\":\"A\"},\"VpcId\":\"vpc-1\"}},\"C\"", "\"b\",\"VpcId\":\"vpc-1\"}},\"C\"");
    assertThat(sc.changeSet(ChangeSetType.CREATE, guarded, Scenario.params("On", "no")).changes())
        .extracting(c -> c.logicalId())
        .containsExactly("B", "C");
  }

  @Test
  void iamResourcesNeedTheirCapability() {
    var noCaps =
        new dev.statefulcluster.cloud.ChangeSetRequest(
            Scenario.STACK,
            "c1",
            ChangeSetType.CREATE,
            Scenario.cluster(),
            null,
            false,
            List.of(),
            java.util.Set.of(),
            Map.of(),
            null);
    assertThatThrownBy(() -> sc.sim.stacks().createChangeSet(noCaps))
        .isInstanceOf(CloudException.class)
        .hasMessage("Requires capabilities : [CAPABILITY_IAM]")
        .extracting(e -> ((CloudException) e).code())
        .isEqualTo("InsufficientCapabilitiesException");
    String named =
        Scenario.cluster()
            .replace(
                "\"AssumeRolePolicyDocument\"",
                "\"RoleName\": \"node\", \"AssumeRolePolicyDocument\"");
    assertThatThrownBy(() -> sc.changeSet(ChangeSetType.CREATE, named, List.of()))
        .hasMessage("Requires capabilities : [CAPABILITY_NAMED_IAM]");
  }

  @Test
  void schemaViolationsFailTheResourceAtExecution() {
    String body =
        "{\"Resources\":{\"G\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{\"VpcId\":\"vpc-1\",\"Colour\":\"red\"}}}}";
    sc.create(body, List.of());
    assertThat(sc.eventsOldestFirst())
        .anySatisfy(
            e ->
                assertThat(e.reason())
                    .isEqualTo(
                        "Properties validation failed for resource G with message: #: required key [GroupDescription] not found"));
  }

  private void assertRejected(String body, String message) {
    assertThatThrownBy(() -> sc.changeSet(ChangeSetType.CREATE, body, List.of()))
        .isInstanceOf(CloudException.class)
        .hasMessageStartingWith(message);
  }
}
