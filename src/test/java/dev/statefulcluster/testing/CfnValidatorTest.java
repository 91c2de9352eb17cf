package dev.statefulcluster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.statefulcluster.testing.CfnValidator.Options;
import dev.statefulcluster.testing.Diagnostic.Severity;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Proves the harness against the real validator: hand-written templates in
 * src/test/resources/cfn-validate, each broken in one way, and the rule the validator (1.14.0)
 * really reports for it.
 */
class CfnValidatorTest {

  private final CfnValidator validator = CfnValidator.shared();

  @Test
  void nodeInThePatternsShapeHasNoFindings() {
    ValidationReport report = validator.validate(template("valid-node.json"));

    assertThat(report.status()).isEqualTo("OK");
    assertThat(report.isComplete()).isTrue();
    assertThat(report.diagnostics()).isEmpty();
  }

  @Test
  void volumeWithoutAvailabilityZoneIsFatal() {
    ValidationReport report = validator.validate(template("volume-without-availability-zone.json"));

    assertThat(report.errors())
        .extracting(
            Diagnostic::ruleId,
            Diagnostic::severity,
            Diagnostic::logicalId,
            Diagnostic::resourceType)
        .containsExactly(tuple("F3017", Severity.FATAL, "Node0Data", "AWS::EC2::Volume"));
    assertThat(report.errors().get(0).message())
        .contains("'AvailabilityZone' is a required property");
  }

  @Test
  void subnetIdBesideNetworkInterfacesIsFatalOnBothProperties() {
    ValidationReport report =
        validator.validate(template("instance-with-subnet-and-network-interfaces.json"));

    assertThat(report.errors())
        .extracting(Diagnostic::ruleId, Diagnostic::logicalId, Diagnostic::propertyPath)
        .containsExactlyInAnyOrder(
            tuple("F3020", "Node0", "Properties.SubnetId"),
            tuple("F3020", "Node0", "Properties.NetworkInterfaces"));
  }

  @Test
  void malformedSubnetIdIsAnError() {
    ValidationReport report = validator.validate(template("malformed-subnet-id.json"));

    assertThat(report.errors())
        .extracting(Diagnostic::ruleId, Diagnostic::propertyPath, Diagnostic::line)
        .containsExactly(tuple("E1154", "Properties.SubnetId", 5));
    assertThat(report.errors().get(0).message()).contains("'subnet-xyz'");
  }

  @Test
  void malformedSecurityGroupIdIsAnError() {
    ValidationReport report = validator.validate(template("malformed-security-group-id.json"));

    assertThat(report.errors())
        .extracting(Diagnostic::ruleId, Diagnostic::propertyPath)
        .containsExactly(tuple("E1150", "Properties.GroupSet.0"));
  }

  @Test
  void unknownVolumeTypeIsOnlyAWarning() {
    ValidationReport report = validator.validate(template("unknown-volume-type.json"));

    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings())
        .extracting(Diagnostic::ruleId, Diagnostic::logicalId, Diagnostic::propertyPath)
        .containsExactly(tuple("W3030", "Node0Data", "Properties.VolumeType"));
  }

  @Test
  void unusedParameterAndConditionAreWarnings() {
    ValidationReport parameter = validator.validate(template("unused-parameter.json"));
    ValidationReport condition = validator.validate(template("unused-condition.json"));

    assertThat(parameter.warnings())
        .extracting(Diagnostic::ruleId, Diagnostic::logicalId, Diagnostic::resourceType)
        .containsExactly(tuple("W2001", "ClusterName", null));
    assertThat(condition.warnings())
        .extracting(Diagnostic::ruleId, Diagnostic::logicalId)
        .containsExactly(tuple("W8001", "IsProduction"));
  }

  @Test
  void templateThatDoesNotParseIsFatalWithStatusError() {
    ValidationReport report = validator.validate(template("truncated.json"));

    assertThat(report.status()).isEqualTo("ERROR");
    assertThat(report.errors()).extracting(Diagnostic::ruleId).containsExactly("F1101");
  }

  @Test
  void infoThresholdListsCreateOnlyPropertiesThatTheDefaultHides() {
    Path template = template("valid-node.json");

    ValidationReport info =
        validator.validate(template, Options.DEFAULT.withThreshold(Severity.INFO));

    assertThat(info.byRule("I9001"))
        .extracting(Diagnostic::logicalId, Diagnostic::propertyPath)
        .contains(
            tuple("Node0Eni", "Properties.PrivateIpAddress"),
            tuple("Node0Eni", "Properties.SubnetId"),
            tuple("Node0", "Properties.NetworkInterfaces"));
    assertThat(validator.validate(template).ruleIds()).doesNotContain("I9001");
  }

  @Test
  void parameterOverrideReplacesTheDefault() {
    ValidationReport report =
        validator.validate(
            template("valid-node.json"),
            Options.DEFAULT.withParameters(Map.of("InstanceType", "t3.nonsense")));

    assertThat(report.errors())
        .extracting(Diagnostic::ruleId, Diagnostic::logicalId, Diagnostic::propertyPath)
        .containsExactly(tuple("E3628", "Node0", "Properties.InstanceType"));
  }

  @Test
  void regionScopesTheChecks() {
    Options info = Options.DEFAULT.withThreshold(Severity.INFO);

    ValidationReport everyRegion = validator.validate(template("valid-node.json"), info);
    ValidationReport oneRegion =
        validator.validate(template("valid-node.json"), info.withRegion("eu-west-1"));

    // I9003: "No region supplied; region-scoped instance/node types were validated against all
    // regions."
    assertThat(everyRegion.ruleIds()).contains("I9003");
    assertThat(oneRegion.ruleIds()).doesNotContain("I9003");
  }

  @Test
  void yamlBodyInMemoryIsValidatedLikeAFile() {
    String yaml =
        """
        Resources:
          Node0Data:
            Type: AWS::EC2::Volume
            Properties:
              Size: 10
        """;

    ValidationReport report = validator.validateBody("node0.yaml", yaml);

    assertThat(report.template()).isEqualTo("node0.yaml");
    assertThat(report.errors())
        .extracting(Diagnostic::ruleId, Diagnostic::logicalId, Diagnostic::line)
        .containsExactly(tuple("F3017", "Node0Data", 4)); // line of "Properties:"
  }

  @Test
  void concurrentCallersEachGetTheirOwnTemplatesReport() throws Exception {
    List<String> files =
        List.of("malformed-subnet-id.json", "unknown-volume-type.json", "unused-parameter.json");
    List<String> expected = List.of("E1154", "W3030", "W2001");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (String file : files) {
        results.add(
            pool.submit(
                () -> {
                  List<String> ids = new ArrayList<>();
                  for (int i = 0; i < 5; i++) {
                    ids.addAll(validator.validate(template(file)).ruleIds());
                  }
                  return ids;
                }));
      }
      for (int i = 0; i < files.size(); i++) {
        assertThat(results.get(i).get()).as(files.get(i)).containsOnly(expected.get(i)).hasSize(5);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void recoversWhenTheNodeProcessDies() {
    validator.validate(template("valid-node.json"));
    validator.killProcess();

    assertThat(validator.validate(template("malformed-subnet-id.json")).ruleIds())
        .containsExactly("E1154");
  }

  @Test
  void missingTemplateFileNamesTheFile() {
    Path missing = Path.of("no-such-dir", "node.json");

    assertThatThrownBy(() -> validator.validate(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot validate " + missing + ": no such file");
  }

  static Path template(String name) {
    try {
      return Path.of(CfnValidatorTest.class.getResource("/cfn-validate/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException(
          "no test template src/test/resources/cfn-validate/" + name, e);
    }
  }
}
