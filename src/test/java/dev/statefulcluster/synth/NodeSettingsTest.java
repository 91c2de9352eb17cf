package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.OsFamily;
import dev.statefulcluster.spec.SpecReader;
import dev.statefulcluster.template.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node's instance settings as synth writes them (properties and the marker beside cfn-init's
 * metadata) and as operations read them back from a deployed template, marked or not.
 */
class NodeSettingsTest {
  static final String FILE =
      """
      name: settings
      vpc: vpc-0a1b2c3d4e5f60718
      instanceType: m6i.large
      image: {ami: ami-00000000000000001, rootVolumeSize: 20}
      keyPair: ops
      nodes:
        - {subnet: subnet-0a1b2c3d4e5f60001, availabilityZone: eu-west-1a}
        - {subnet: subnet-0a1b2c3d4e5f60002, availabilityZone: eu-west-1b}
      volume: {size: 100}
      ports: {members: [7000], clients: [9042]}
      bootstrap: |
        echo start
      """;

  final ClusterSpec spec = SpecReader.read("cluster.yaml", FILE);
  final NodeSettings target = NodeSettings.of(spec);

  @SuppressWarnings("unchecked")
  private static Map<String, Object> instance(Template t, int n) {
    Map<String, Object> resources = (Map<String, Object>) t.render().get("Resources");
    return (Map<String, Object>) resources.get(Names.instance(n));
  }

  @Test
  void eachNodeIsWrittenWithItsOwnSettingsAndReadBackFromItsMarker() {
    NodeSettings old =
        new NodeSettings("m5.large", null, null, "/dev/xvda", OsFamily.AMAZON_LINUX_2, null, null);
    Template t = ClusterTemplate.synthesize(spec, n -> n == 1 ? target : old);

    assertThat(ClusterLayout.settings(instance(t, 1), null)).isEqualTo(target);
    assertThat(ClusterLayout.settings(instance(t, 2), null)).isEqualTo(old);
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) instance(t, 2).get("Properties");
    assertThat(props).containsEntry("InstanceType", "m5.large").doesNotContainKey("KeyName");
    assertThat(target.differences(old))
        .containsExactly(
            "instanceType m6i.large -> m5.large",
            "keyPair ops -> null",
            "image.rootVolumeSize 20 -> null",
            "image.os amazon-linux-2023 -> amazon-linux-2",
            "bootstrap removed");
  }

  /** Stacks deployed before the marker got its short keys: read the same, so no roll follows. */
  @Test
  void aMarkerWithTheEarlierLongKeysReadsTheSame() {
    Map<String, Object> resource =
        new LinkedHashMap<>(instance(ClusterTemplate.synthesize(spec), 1));
    Map<String, Object> longKeys = new LinkedHashMap<>();
    longKeys.put("InstanceType", "m6i.large");
    longKeys.put("KeyPair", "ops");
    longKeys.put("RootVolumeSize", 20);
    longKeys.put("RootDevice", target.rootDevice());
    longKeys.put("Os", "amazon-linux-2023");
    longKeys.put("Bootstrap", target.bootstrap());
    resource.put("Metadata", Map.of(NodeSettings.MARKER, longKeys));

    NodeSettings read = ClusterLayout.settings(resource, null);

    assertThat(read).isEqualTo(target);
    assertThat(read.differences(target)).isEmpty();
  }

  @Test
  void aTemplateWrittenBeforeTheMarkerIsReadFromTheInstancesProperties() {
    Map<String, Object> resource =
        new LinkedHashMap<>(instance(ClusterTemplate.synthesize(spec), 1));
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata =
        new LinkedHashMap<>((Map<String, Object>) resource.get("Metadata"));
    metadata.remove(NodeSettings.MARKER);
    resource.put("Metadata", metadata);
    @SuppressWarnings("unchecked")
    Map<String, Object> props =
        new LinkedHashMap<>((Map<String, Object>) resource.get("Properties"));
    props.put("InstanceType", "m5.large");
    resource.put("Properties", props);

    NodeSettings read = ClusterLayout.settings(resource, target);

    assertThat(read.differences(target)).containsExactly("instanceType m5.large -> m6i.large");
    assertThat(read.rootVolumeSize()).isEqualTo(20);
    assertThat(read.keyPair()).isEqualTo("ops");
  }

  @Test
  void theMarkerHoldsDigestsNotTheScripts() {
    Map<String, Object> metadata =
        (Map<String, Object>) instance(ClusterTemplate.synthesize(spec), 1).get("Metadata");
    assertThat(metadata).containsKeys("AWS::CloudFormation::Init", NodeSettings.MARKER);
    assertThat(metadata.get(NodeSettings.MARKER).toString())
        .containsPattern("Boot=[0-9a-f]{16}")
        .doesNotContain("echo start");
    assertThat(List.of(target.bootstrap())).allMatch(d -> d.matches("sha256:[0-9a-f]{16}"));
  }
}
