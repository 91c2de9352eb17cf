package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.template.Quota;
import dev.statefulcluster.template.TemplateWriter;
import dev.statefulcluster.testing.CfnValidator;
import dev.statefulcluster.testing.Diagnostic;
import dev.statefulcluster.testing.ValidationReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster over several stacks: which stack each node lives in, every stack within its quotas. */
class NestedLayoutTest {
  private static final String RECOVERY = "recovery: true\nreload: systemctl reload app\n";

  @Test
  void aClusterThatFitsOneStackKeepsItAndOneThatDoesNotIsNested() {
    assertThat(NestedSynthesis.needed(SpecFixtures.counted(65, ""))).isFalse();
    assertThat(NestedSynthesis.needed(SpecFixtures.counted(66, ""))).isTrue();
    assertThat(NestedSynthesis.needed(SpecFixtures.counted(1_000, ""))).isTrue();
  }

  @Test
  void theSingleStackSynthesisIsTheTemplateSynthesisWritesAndIsThereOnlyWhenNotNested() {
    for (int nodes : new int[] {3, 65}) {
      ClusterSpec spec = SpecFixtures.counted(nodes, RECOVERY);

      assertThat(NestedSynthesis.singleStack(spec))
          .hasValueSatisfying(
              s -> assertThat(s.compactBody()).isEqualTo(Synthesis.of(spec).compactBody()));
    }
    assertThat(NestedSynthesis.singleStack(SpecFixtures.counted(66, RECOVERY))).isEmpty();
  }

  @Test
  void theLayoutNamesEachNodesStacksByGroup() {
    ClusterLayout layout = ClusterLayout.nested(1_000);

    assertThat(layout.groups()).isEqualTo(25);
    assertThat(layout.at(1).stack()).isEqualTo("Nodes1");
    assertThat(layout.at(1).eniStack()).isEqualTo("Network1");
    assertThat(layout.at(40).stack()).isEqualTo("Nodes1");
    assertThat(layout.at(41).stack()).isEqualTo("Nodes2");
    assertThat(layout.at(1_000).stack()).isEqualTo("Nodes25");
    assertThat(layout.at(41).subnet().stack()).isEqualTo("Network2");
    assertThat(layout.at(41).volumeSize().stack()).isEqualTo("Nodes2");
    assertThat(layout.nodesOf(25)).hasSize(40).startsWith(961).endsWith(1_000);
    assertThat(ClusterLayout.nested(41).nodesOf(2)).containsExactly(41);
    assertThat(ClusterLayout.of(3).at(2).stack()).isEqualTo(ClusterLayout.ROOT_STACK);
    assertThat(ClusterLayout.of(3).at(2).eniStack()).isEqualTo(ClusterLayout.ROOT_STACK);
  }

  @Test
  void everyStackOfAThousandNodesIsWithinEveryQuotaAndNoNodeSettingIsAParentParameter() {
    ClusterSpec spec = SpecFixtures.counted(1_000, RECOVERY);

    NestedSynthesis nested = NestedSynthesis.of(spec);
    Synthesis parent = nested.parent(id -> "https://b.s3.amazonaws.com/" + id + ".json");

    assertThat(nested.children()).hasSize(50);
    assertThat(parent.template().parameters()).containsOnlyKeys("NodeDown");
    assertThat(parent.template().resources())
        .containsKeys("ClusterSecurityGroup", "NodeRole", "NodeInstanceProfile")
        .containsKeys("Network1", "Nodes1", "Network25", "Nodes25")
        .doesNotContainKeys("Node1Eni", "Node1Volume", "Node1Instance");
    for (Synthesis s : nested.children().values()) {
      assertThat(Quota.exceeded(s.usage())).isEmpty();
    }
    Synthesis nodes = nested.children().get("Nodes25");
    // 4 per node (image, snapshot, ENI id, address), NodeDown, the profile, 25 address lists.
    assertThat(nodes.template().parameters()).hasSize(4 * 40 + 2 + 25);
    assertThat(nodes.template().resources()).hasSize(4 * 40 + 1);
    assertThat(nodes.template().resources()).containsKeys("Node961Volume", "Node1000Instance");
    assertThat(nested.children().get("Network25").template().resources())
        .containsOnlyKeys(
            java.util.stream.IntStream.rangeClosed(961, 1_000)
                .mapToObj(n -> "Node" + n + "Eni")
                .toArray(String[]::new));
    assertThat(Quota.exceeded(parent.usage())).isEmpty();
    Map<String, Object> given = parameters(parent, "Nodes2");
    assertThat(given).containsEntry("Node41Image", "ami-0123456789abcdef0");
    assertThat(given).containsEntry("Node41Snapshot", "");
    assertThat(given.get("Node41Eni"))
        .isEqualTo(Map.of("Fn::GetAtt", List.of("Network2", "Outputs.Node41Eni")));
    assertThat(given).containsKeys("Addresses1", "Addresses25");
  }

  @Test
  void theFullestStackIsANodesStack() {
    NestedSynthesis nested = NestedSynthesis.of(SpecFixtures.counted(1_000, RECOVERY));
    Synthesis parent = nested.parent(id -> "https://b.s3.amazonaws.com/" + id + ".json");

    Map.Entry<String, Synthesis> fullest = nested.fullest(parent);

    assertThat(fullest.getKey()).startsWith("Nodes");
    assertThat(NestedSynthesis.share(fullest.getValue())).isLessThan(1.0);
  }

  @Test
  void fortyNodesAGroupIsTheMostThatLeavesHeadroomAtAThousandNodes() {
    // 43 per group fits at 1,000 nodes, 44 does not: 4 x 44 + 2 + 23 = 201 parameters.
    int groups44 = (1_000 + 43) / 44;
    assertThat(4 * 44 + 2 + groups44).isGreaterThan(Quota.PARAMETERS.limit());
    int groups = ClusterLayout.nested(1_000).groups();
    assertThat(4 * ClusterLayout.GROUP_SIZE + 2 + groups)
        .isLessThanOrEqualTo(Quota.PARAMETERS.limit() - 10);
  }

  @Test
  void parentAndChildTemplatesPassAwsValidator() {
    NestedSynthesis nested = NestedSynthesis.of(SpecFixtures.counted(100, RECOVERY));
    Synthesis parent = nested.parent(id -> "https://b.s3.amazonaws.com/" + id + ".json");

    Map<String, String> bodies =
        Map.of(
            "parent",
            TemplateWriter.write(parent.template(), TemplateWriter.Format.JSON),
            "Network3",
            TemplateWriter.write(
                nested.children().get("Network3").template(), TemplateWriter.Format.JSON),
            "Nodes3",
            TemplateWriter.write(
                nested.children().get("Nodes3").template(), TemplateWriter.Format.JSON));

    bodies.forEach(
        (name, body) -> {
          ValidationReport report = CfnValidator.shared().validateBody(name + ".json", body);
          assertThat(report.isComplete()).as("validator finished: %s", report).isTrue();
          assertThat(report.errors()).as("%s: ERROR and FATAL diagnostics", name).isEmpty();
          List<Diagnostic> unexplained =
              report.warnings().stream()
                  .filter(
                      d -> !TemplatesPassValidatorTest.EXPLAINED_WARNINGS.containsKey(d.ruleId()))
                  .toList();
          assertThat(unexplained).as("%s: warnings neither fixed nor explained", name).isEmpty();
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parameters(Synthesis parent, String child) {
    Map<String, Object> props = parent.template().resources().get(child).properties();
    return (Map<String, Object>) props.get("Parameters");
  }
}
