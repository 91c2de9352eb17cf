package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.SpecException;
import dev.statefulcluster.template.Resource;
import dev.statefulcluster.template.Template;
import dev.statefulcluster.template.TemplateChecks;
import dev.statefulcluster.template.TemplateWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What matters in the generated template, said directly, beside the golden files. */
class ClusterTemplateTest {
  private final Template template = ClusterTemplate.synthesize(SpecFixtures.base(""));

  @Test
  void volumeSnapshotIdIsTheFilesSnapshotWrittenAsItIsAndAbsentForABlankVolume() {
    Template restored =
        ClusterTemplate.synthesize(
            SpecFixtures.parse(
                SpecFixtures.base()
                    .replace(
                        "    availabilityZone: eu-west-1b\n",
                        "    availabilityZone: eu-west-1b\n    snapshot: snap-0123456789abcdef0\n")));

    assertThat(restored.resources().get("Node2Volume").properties())
        .containsEntry("SnapshotId", "snap-0123456789abcdef0");
    // A blank volume has no SnapshotId at all: an empty one makes CloudFormation replace the
    // volume on every update.
    assertThat(restored.resources().get("Node1Volume").properties())
        .doesNotContainKey("SnapshotId");
    assertThat(props("Node2Volume")).doesNotContainKey("SnapshotId");
    // Neither a parameter nor a condition per node for it in a single stack.
    assertThat(restored.parameters()).doesNotContainKey("Node2Snapshot");
    assertThat(restored.conditions()).doesNotContainKey("Node2FromSnapshot");
  }

  @Test
  void volumeIsEncryptedInTheNodesZoneAndSnapshottedWhenRemovedOrReplaced() {
    Resource volume = template.resources().get("Node3Volume");

    assertThat(volume.deletionPolicy()).isEqualTo("Snapshot");
    assertThat(volume.updateReplacePolicy()).isEqualTo("Snapshot");
    assertThat(volume.properties())
        .containsEntry("AvailabilityZone", "eu-west-1c")
        .containsEntry("Encrypted", true)
        .containsEntry("Size", 100)
        .containsEntry("VolumeType", "gp3");
    assertThat(tags(volume))
        .containsEntry("stateful-cluster:cluster", "demo")
        .containsEntry("stateful-cluster:node", "node3");
  }

  @Test
  void instanceHasNoNetworkOfItsOwnAndTakesTheEniAtIndexZero() {
    Map<String, Object> instance = props("Node1Instance");

    assertThat(instance)
        .doesNotContainKeys(
            "SubnetId",
            "SecurityGroupIds",
            "SecurityGroups",
            "PrivateIpAddress",
            "AvailabilityZone");
    assertThat(instance.get("NetworkInterfaces"))
        .isEqualTo(
            List.of(
                Map.of(
                    "NetworkInterfaceId",
                    Map.of("Ref", "Node1Eni"),
                    "DeviceIndex",
                    "0",
                    "DeleteOnTermination",
                    false)));
    assertThat(instance.get("Volumes"))
        .isEqualTo(
            List.of(Map.of("Device", "/dev/xvdh", "VolumeId", Map.of("Ref", "Node1Volume"))));
    assertThat(instance.get("ImageId")).isEqualTo(Map.of("Ref", "Node1Image"));
    assertThat(instance.get("MetadataOptions"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("HttpTokens", "required");
  }

  @Test
  void everyInstanceExistsUnderItsOwnConditionAndWaitsForItsSignal() {
    Resource instance = template.resources().get("Node2Instance");

    assertThat(instance.condition()).isEqualTo("Node2Up");
    assertThat(template.conditions().get("Node2Up"))
        .isEqualTo(
            Map.of(
                "Fn::Not",
                List.of(
                    Map.of(
                        "Fn::Or",
                        List.of(
                            Map.of("Fn::Equals", List.of(Map.of("Ref", "NodeDown"), "node2")),
                            Map.of(
                                "Fn::Equals",
                                List.of(Map.of("Ref", "NodeDown"), "eu-west-1b")))))));
    // One signal: CloudFormation's default Count.
    assertThat(instance.creationPolicy())
        .isEqualTo(Map.of("ResourceSignal", Map.of("Timeout", "PT15M")));
    assertThat(template.parameters().get("NodeDown").allowedValues())
        .containsExactly(
            "none", "node1", "node2", "node3", "eu-west-1a", "eu-west-1b", "eu-west-1c");
  }

  @Test
  void nothingRefersToAnInstanceOutsideItsCondition() {
    assertThat(TemplateChecks.check(template)).isEmpty();
    String outputs =
        TemplateWriter.write(
            Map.of("o", template.render().get("Outputs")), TemplateWriter.Format.COMPACT_JSON);
    assertThat(outputs).doesNotContain("Instance");
  }

  @Test
  void cfnHupWatchesTheNodesOwnVolumeAndRunsTheUpdateConfigSet() {
    String node =
        TemplateWriter.write(
            template.resources().get("Node2Instance").metadata(),
            TemplateWriter.Format.COMPACT_JSON);
    String shared =
        TemplateWriter.write(
            template.resources().get(Names.NODE_CONFIG).metadata(),
            TemplateWriter.Format.COMPACT_JSON);

    // The volume hook is written once with a placeholder that each node fills with its number;
    // both hooks act at cfn-hup's first poll too (post.add), and live outside hooks.d, where a
    // .bak copy left by cfn-init would be read as a hook.
    assertThat(shared)
        .contains("[main]\\nstack=${AWS::StackId}\\nregion=${AWS::Region}\\ninterval=1\\n")
        .contains(
            "\"/etc/cfn/hooks.conf\":{\"content\":{\"Fn::Sub\":\"[stateful-volume]\\n"
                + "triggers=post.add,post.update\\npath=Resources.Node@NODE@Volume\\n")
        .contains("--resource Node@NODE@Instance --configsets update")
        .contains("sed -i \\\"s/@NODE@/$NODE/g\\\" /etc/cfn/hooks.conf")
        .contains(
            "[stateful-cluster]\\ntriggers=post.add,post.update\\n"
                + "path=Resources.NodeConfig.Metadata.AWS::CloudFormation::Init.cluster\\n"
                + "action=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource NodeConfig"
                + " --configsets refresh")
        .doesNotContain("hooks.d")
        .doesNotContain("--no-daemon")
        .contains(
            "ExecStartPre=/bin/rm -f /var/run/cfn-hup.pid\\nExecStart=/opt/aws/bin/cfn-hup\\n")
        .contains("\"default\":[\"setup\",\"cluster\",\"prepare\",\"hup\"]")
        .contains(
            "\"hup\":{\"services\":{\"systemd\":{\"cfn-hup\":{\"enabled\":\"true\","
                + "\"ensureRunning\":\"true\",\"files\":[\"/etc/cfn/cfn-hup.conf\","
                + "\"/etc/cfn/hooks.conf\"]}}}}")
        .contains("\"refresh\":[\"cluster\"]");
    assertThat(node)
        .contains("\"update\":[\"grow\"]")
        .contains("\"default\":[\"node\"]")
        .contains("NODE=2 VOLUME=${Node2Volume}" + " IP=${Node2Eni.PrimaryPrivateIpAddress} LABEL=")
        .contains("-r NodeConfig --region")
        .contains("stateful-node grow --volume-id ${Node2Volume}");
  }

  @Test
  void theAddressListIsWrittenOnceNotOncePerNode() {
    String all = TemplateWriter.write(template, TemplateWriter.Format.COMPACT_JSON);
    String list =
        "${Node1Eni.PrimaryPrivateIpAddress},${Node2Eni.PrimaryPrivateIpAddress},"
            + "${Node3Eni.PrimaryPrivateIpAddress}";

    // once in NodeConfig's cluster.env, once in the ClusterAddresses output
    assertThat(all.split(java.util.regex.Pattern.quote(list), -1)).hasSize(3);
  }

  @Test
  void userDataRunsCfnInitThenSignalsItsExitStatus() {
    String bootKey = UserData.bootKey(SpecFixtures.base("").image().os());
    String userData =
        TemplateWriter.write(
            Map.of("u", props("Node1Instance").get("UserData")),
            TemplateWriter.Format.COMPACT_JSON);
    String shared =
        (String)
            ((Map<?, ?>) template.mappings().get("NodeFiles"))
                .values().stream().map(v -> ((Map<?, ?>) v).get(bootKey)).findFirst().orElseThrow();

    assertThat(userData)
        .contains(
            "#!/bin/sh\\nstack='${AWS::StackName}' region='${AWS::Region}'"
                + " resource=Node1Instance\\n")
        .contains("{\"Fn::FindInMap\":[\"NodeFiles\",\"Shared\",\"" + bootKey + "\"]}");
    assertThat(shared)
        .containsSubsequence(
            "cfn-init -v --stack \"$stack\" --resource \"$resource\" --configsets default",
            "cfn-signal -e \"$?\" --stack \"$stack\" --resource \"$resource\"");
  }

  @Test
  void noIngressIsOpenToTheWorldUnlessTheSpecListsIt() {
    String closed = TemplateWriter.write(template, TemplateWriter.Format.COMPACT_JSON);
    assertThat(closed).doesNotContain("0.0.0.0/0").doesNotContain("CidrIp");

    Template open =
        ClusterTemplate.synthesize(SpecFixtures.base("clients:\n  cidrs: [0.0.0.0/0]\n"));
    assertThat(open.resources().get("CidrIngress2181From1").properties())
        .containsEntry("CidrIp", "0.0.0.0/0")
        .containsEntry("FromPort", 2181);
  }

  @Test
  void clusterAdmitsItselfOnMemberPortsAndClientsOnClientPorts() {
    assertThat(props("MemberIngress3888"))
        .containsEntry(
            "SourceSecurityGroupId",
            Map.of("Fn::GetAtt", List.of("ClusterSecurityGroup", "GroupId")));
    assertThat(props("ClientIngress2181"))
        .containsEntry(
            "SourceSecurityGroupId",
            Map.of("Fn::GetAtt", List.of("ClientSecurityGroup", "GroupId")));

    Template existing =
        ClusterTemplate.synthesize(
            SpecFixtures.base("clients: {securityGroup: sg-0123456789abcdef0}\n"));
    assertThat(existing.resources()).doesNotContainKey("ClientSecurityGroup");
    assertThat(existing.resources().get("ClientIngress2181").properties())
        .containsEntry("SourceSecurityGroupId", "sg-0123456789abcdef0");
  }

  @Test
  void nodeRoleMayOnlyReadMetadataAndSignalOnThisStack() {
    String role = TemplateWriter.write(props("NodeRole"), TemplateWriter.Format.COMPACT_JSON);

    assertThat(role)
        .contains(
            "\"Action\":[\"cloudformation:DescribeStackResource\","
                + "\"cloudformation:SignalResource\"],\"Resource\":{\"Ref\":\"AWS::StackId\"}");
    assertThat(role).doesNotContain("\"*\"").doesNotContain("ManagedPolicyArns");
  }

  @Test
  void eniKeepsTheAddressTheSpecPins() {
    Template pinned =
        ClusterTemplate.synthesize(
            SpecFixtures.parse(
                SpecFixtures.base()
                    .replace(
                        "    availabilityZone: eu-west-1a",
                        "    availabilityZone: eu-west-1a\n    privateIp: 10.0.1.10")));

    assertThat(pinned.resources().get("Node1Eni").properties())
        .containsEntry("PrivateIpAddress", "10.0.1.10")
        .containsEntry("SubnetId", "subnet-00000000000000001");
    assertThat(pinned.resources().get("Node2Eni").properties())
        .doesNotContainKey("PrivateIpAddress");
  }

  @Test
  void oneParameterAndNoOutputPerNodeLetSixtyNodesFit() {
    Template sixty = ClusterTemplate.synthesize(SpecFixtures.counted(60, ""));

    assertThat(sixty.parameters()).hasSize(60 + 1);
    assertThat(sixty.resources()).hasSize(3 * 60 + 2 + 2 + 2 + 1);
    assertThat(sixty.outputs()).hasSize(3);
  }

  @Test
  void aClusterOverAQuotaIsRefusedNamingTheLimitAndTheLargestThatFits() {
    // Three resources per node (and seven the cluster shares): 164 nodes fit the 500 resources.
    ClusterSpec big = SpecFixtures.counted(170, "");

    SpecException e = catchThrowableOfType(SpecException.class, () -> Synthesis.of(big));

    assertThat(e.getMessage())
        .isEqualTo(
            "cluster.yaml:5: nodes: the template needs 517 of 500 resources, over"
                + " CloudFormation's limit; at most 164 nodes fit one stack (this cluster has 170);"
                + " a cluster created in one stack stays in one: keep at most 164 nodes, or"
                + " create a new cluster, which a file of this size lays out over nested stacks"
                + " (moving nodes between stacks with CloudFormation's stack refactoring is not"
                + " supported yet)");
    assertThat(Synthesis.largestFitting(big)).isEqualTo(164);
    assertThat(Synthesis.of(SpecFixtures.counted(164, "")).usage()).noneMatch(u -> u.exceeded());
  }

  @Test
  void synthesisWithoutZonesOrVpcSaysWhatToAddOrToLookUp() {
    ClusterSpec spec =
        SpecFixtures.parse(
            SpecFixtures.base()
                .replace("vpc: vpc-0123456789abcdef0\n", "")
                .replace("    availabilityZone: eu-west-1b\n", ""));

    SpecException e =
        catchThrowableOfType(SpecException.class, () -> ClusterTemplate.synthesize(spec));

    assertThat(e.errors())
        .extracting(Object::toString)
        .containsExactly(
            "cluster.yaml:1: vpc: the VPC is needed for the security groups; add 'vpc: vpc-…', or"
                + " run with --lookup to ask EC2 for the subnets' VPC",
            "cluster.yaml:8: nodes[1]: node2 (subnet-00000000000000002) has no availabilityZone,"
                + " which its data volume needs; add it, or run with --lookup to ask EC2");
  }

  @Test
  void nodesUnpackExactlyTheTestedNodeScript() throws Exception {
    Map<?, ?> init =
        (Map<?, ?>)
            template.resources().get(Names.NODE_CONFIG).metadata().get("AWS::CloudFormation::Init");
    Map<?, ?> file =
        (Map<?, ?>)
            ((Map<?, ?>) ((Map<?, ?>) init.get("setup")).get("files"))
                .get("/usr/local/lib/stateful-cluster/stateful-node.gz");
    byte[] gz = java.util.Base64.getDecoder().decode((String) file.get("content"));
    String unpacked =
        new String(
            new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz)).readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);

    assertThat(unpacked).isEqualTo(NodeScript.shipped());
    assertThat(file.get("encoding")).isEqualTo("base64");
    assertThat(
            TemplateWriter.write(
                template.resources().get(Names.NODE_CONFIG).metadata(),
                TemplateWriter.Format.COMPACT_JSON))
        .contains(
            "gzip -dc /usr/local/lib/stateful-cluster/stateful-node.gz >"
                + " /usr/local/sbin/stateful-node.new");
  }

  @Test
  void theShippedScriptIsTheSourceWithoutCommentLinesOrIndentation() {
    String source = NodeScript.text();
    String shipped = NodeScript.shipped();

    assertThat(shipped).startsWith("#!/bin/sh\n").hasSizeLessThan(source.length() * 9 / 10);
    // every line kept is a source line (its indentation aside), in order; every line dropped is
    // blank or a comment
    java.util.Iterator<String> kept = shipped.lines().iterator();
    String next = kept.next();
    for (String line : source.lines().toList()) {
      if (next != null && (line.equals(next) || line.stripLeading().equals(next))) {
        next = kept.hasNext() ? kept.next() : null;
      } else {
        assertThat(line.strip()).as("dropped line").matches("(#.*)?");
      }
    }
    assertThat(next).as("every shipped line comes from the source").isNull();
    // the usage text (a here-document) is kept whole
    assertThat(shipped).contains("usage: stateful-node prepare");
  }

  private Map<String, Object> props(String logicalId) {
    return template.resources().get(logicalId).properties();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> tags(Resource r) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Object t : (List<Object>) r.properties().get("Tags")) {
      Map<String, String> tag = (Map<String, String>) t;
      out.put(tag.get("Key"), tag.get("Value"));
    }
    return out;
  }
}
