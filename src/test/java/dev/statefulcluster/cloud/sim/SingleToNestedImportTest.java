package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.cloud.ResourceToImport;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.spec.SpecReader;
import dev.statefulcluster.synth.Synthesis;
import dev.statefulcluster.template.TemplateWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The groundwork's proof (template-design.md, "Growing a single stack into the nested layout"):
 * steps 1-5, 7 and 9 driven by hand through the port against the model move a 30-node cluster of
 * the product's own single-stack template into a parent with a network stack and a nodes stack,
 * every interface, volume, instance and recovery alarm keeping its id, every instance running
 * throughout and every volume its data. The templates are written here the way the operation will
 * write them: resources as deployed, references to what leaves the stack as literals.
 */
class SingleToNestedImportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String S = "grow-me";
  private static final String NETWORK = S + "-Network1";
  private static final String NODES = S + "-Nodes1";
  private static final String AMI = "ami-00000000000000001";
  private static final int N = 30;
  private static final Set<String> IAM = Set.of("CAPABILITY_IAM");
  private static final String ALLOW_ALL =
      "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"Update:*\",\"Principal\":\"*\","
          + "\"Resource\":\"*\"}]}";

  private final SimCloud sim = new SimCloud(SimLatencies.defaults(), "eu-west-1");
  private int changeSets;

  @Test
  void thirtyNodesMoveIntoTheNestedLayoutWithEveryIdAndEveryByteKept() {
    world();
    ObjectNode single = parse(synthesize());
    create(single);
    sim.stacks().setStackPolicy(S, Scenario.resource("stack-policy.json"));
    Map<String, String> before = ids(S);
    // Per node an interface, a volume, an instance and its two recovery alarms.
    assertThat(before.keySet().stream().filter(id -> id.matches("Node\\d+\\w+"))).hasSize(5 * N);
    for (int i = 1; i <= N; i++) {
      sim.ec2().writeData(before.get("Node" + i + "Volume"), "node" + i + "'s data");
    }
    Map<String, String> addresses = new LinkedHashMap<>();
    for (int i = 1; i <= N; i++) {
      addresses.put(
          "Node" + i + "Eni",
          sim.ec2()
              .networkInterface(before.get("Node" + i + "Eni"))
              .orElseThrow()
              .privateIpAddress());
    }

    // 1 retain: Retain on every node resource, nothing else.
    ObjectNode retained = single.deepCopy();
    for (String id : nodeResources(retained)) {
      ((ObjectNode) retained.path("Resources").path(id))
          .put("DeletionPolicy", "Retain")
          .put("UpdateReplacePolicy", "Retain");
    }
    ChangeSet retain = changeSet(S, ChangeSetType.UPDATE, retained, List.of());
    assertThat(retain.changes())
        .allSatisfy(
            c -> {
              assertThat(c.action()).isEqualTo(ResourceChange.Action.MODIFY);
              assertThat(c.replacement()).isEqualTo(ResourceChange.Replacement.FALSE);
            })
        .hasSize(nodeResources(retained).size());
    assertThat(execute(S, retain)).isEqualTo(StackStatus.UPDATE_COMPLETE);

    // 2 open, 3 release, 4 close.
    sim.stacks().setStackPolicy(S, ALLOW_ALL);
    ObjectNode parent = released(retained, before, addresses);
    ChangeSet release = changeSet(S, ChangeSetType.UPDATE, parent, List.of());
    assertThat(release.changes())
        .allSatisfy(c -> assertThat(c.action()).isEqualTo(ResourceChange.Action.REMOVE))
        .hasSize(nodeResources(retained).size() + 1);
    assertThat(execute(S, release)).isEqualTo(StackStatus.UPDATE_COMPLETE);
    sim.stacks().setStackPolicy(S, Scenario.resource("stack-policy.json"));
    assertThat(ids(S).keySet()).noneMatch(id -> id.matches("Node\\d+\\w+"));
    allRunning(before);

    // 5 the network stack, 7 the nodes stack: created by import.
    ObjectNode network = child(retained, "Eni", before, addresses);
    ChangeSet importNetwork =
        changeSet(NETWORK, ChangeSetType.IMPORT, network, imports(network, before));
    assertThat(importNetwork.changes()).hasSize(N);
    assertThat(execute(NETWORK, importNetwork)).isEqualTo(StackStatus.IMPORT_COMPLETE);
    ObjectNode nodes =
        child(retained, "Volume|Instance|RecoverAlarm|RebootAlarm", before, addresses);
    ChangeSet importNodes = changeSet(NODES, ChangeSetType.IMPORT, nodes, imports(nodes, before));
    assertThat(importNodes.changes()).hasSize(4 * N);
    assertThat(execute(NODES, importNodes)).isEqualTo(StackStatus.IMPORT_COMPLETE);

    // 9 nest both into the cluster's stack, their templates as deployed.
    sim.templates().addBucket("templates");
    ObjectNode nest = parent.deepCopy();
    for (String child : List.of(NETWORK, NODES)) {
      String url =
          sim.templates().put("templates", null, child + ".json", sim.stacks().getTemplate(child));
      ObjectNode r = ((ObjectNode) nest.path("Resources")).putObject(logical(child));
      r.put("Type", "AWS::CloudFormation::Stack").put("DeletionPolicy", "Retain");
      r.putObject("Properties").put("TemplateURL", url);
    }
    List<ResourceToImport> stacks = new ArrayList<>();
    for (String child : List.of(NETWORK, NODES)) {
      stacks.add(
          ResourceToImport.of(
              "AWS::CloudFormation::Stack", logical(child), "StackId", stack(child).id()));
    }
    ChangeSet nestIt = changeSet(S, ChangeSetType.IMPORT, nest, stacks);
    assertThat(nestIt.status()).as(nestIt.statusReason()).isEqualTo("CREATE_COMPLETE");
    assertThat(execute(S, nestIt)).isEqualTo(StackStatus.IMPORT_COMPLETE);

    // Every id where the nested layout keeps it, every node running on its data.
    Map<String, String> after = new LinkedHashMap<>(ids(NETWORK));
    after.putAll(ids(NODES));
    before.forEach(
        (id, physical) -> {
          if (id.matches("Node\\d+\\w+")) {
            assertThat(after).containsEntry(id, physical);
          }
        });
    assertThat(ids(NETWORK)).allSatisfy((id, p) -> assertThat(id).endsWith("Eni"));
    assertThat(ids(NODES).keySet()).noneMatch(id -> id.endsWith("Eni"));
    assertThat(stack(NETWORK).parentId()).isEqualTo(stack(S).id());
    assertThat(stack(NODES).rootId()).isEqualTo(stack(S).id());
    assertThat(ids(S)).containsEntry("Network1", stack(NETWORK).id()).containsKey("NodeRole");
    allRunning(before);
    for (int i = 1; i <= N; i++) {
      String eni = before.get("Node" + i + "Eni");
      assertThat(sim.ec2().readData(before.get("Node" + i + "Volume")))
          .isEqualTo("node" + i + "'s data");
      assertThat(sim.ec2().networkInterface(eni).orElseThrow().attachedInstanceId())
          .isEqualTo(before.get("Node" + i + "Instance"));
      assertThat(sim.ec2().networkInterface(eni).orElseThrow().privateIpAddress())
          .isEqualTo(addresses.get("Node" + i + "Eni"));
    }
    assertThat(sim.stacks().describeStackEvents(S, 10_000))
        .noneMatch(
            e -> e.status().equals("DELETE_COMPLETE") && e.logicalId().matches("Node\\d+\\w+"));
  }

  // ---- the templates ----

  private static List<String> nodeResources(ObjectNode t) {
    List<String> out = new ArrayList<>();
    t.path("Resources")
        .fieldNames()
        .forEachRemaining(
            id -> {
              if (id.matches("Node\\d+(Eni|Volume|Instance|RecoverAlarm|RebootAlarm)")) {
                out.add(id);
              }
            });
    return out;
  }

  /** The cluster's stack without its nodes: what stays is the nested parent's. */
  private ObjectNode released(
      ObjectNode retained, Map<String, String> ids, Map<String, String> addresses) {
    ObjectNode t = retained.deepCopy();
    ObjectNode resources = (ObjectNode) t.path("Resources");
    nodeResources(t).forEach(resources::remove);
    resources.remove("NodeConfig");
    ((ObjectNode) t.path("Outputs")).remove("ClusterAddresses");
    ObjectNode params = (ObjectNode) t.path("Parameters");
    List<String> images = new ArrayList<>();
    params.fieldNames().forEachRemaining(p -> images.add(p));
    images.stream().filter(p -> p.matches("Node\\d+Image")).forEach(params::remove);
    t.remove("Conditions");
    t.remove("Mappings");
    return t;
  }

  /**
   * A child holding the node resources whose logical ids end as {@code kinds} says, as deployed:
   * every reference to what is not in it written as its value, Retain on all, no condition.
   */
  private ObjectNode child(
      ObjectNode retained, String kinds, Map<String, String> ids, Map<String, String> addresses) {
    Map<String, String> literal = new LinkedHashMap<>(ids);
    literal.put("AWS::StackName", S);
    for (int i = 1; i <= N; i++) {
      literal.put("Node" + i + "Image", AMI);
    }
    ObjectNode t = JSON.createObjectNode();
    t.put("AWSTemplateFormatVersion", "2010-09-09");
    if (retained.has("Mappings")) {
      t.set("Mappings", retained.get("Mappings"));
    }
    ObjectNode resources = t.putObject("Resources");
    Set<String> kept = new java.util.HashSet<>();
    for (String id : nodeResources(retained)) {
      if (id.matches("Node\\d+(" + kinds + ")\\w*")) {
        kept.add(id);
      }
    }
    for (String id : kept) {
      ObjectNode r = retained.path("Resources").path(id).deepCopy();
      r.remove("Condition");
      r.remove("DependsOn");
      resources.set(id, literals(r, kept, literal, addresses));
    }
    return t;
  }

  private static JsonNode literals(
      JsonNode node, Set<String> kept, Map<String, String> ids, Map<String, String> addresses) {
    if (node.isObject()) {
      if (node.size() == 1 && node.has("Ref") && !kept.contains(node.get("Ref").asText())) {
        String v = ids.get(node.get("Ref").asText());
        return v == null ? node : JSON.getNodeFactory().textNode(v);
      }
      ObjectNode out = JSON.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), literals(e.getValue(), kept, ids, addresses));
      }
      return out;
    }
    if (node.isArray()) {
      var out = JSON.createArrayNode();
      node.forEach(n -> out.add(literals(n, kept, ids, addresses)));
      return out;
    }
    if (node.isTextual()) {
      String s = node.asText();
      s = s.replace("${AWS::StackName}", S);
      for (var e : addresses.entrySet()) {
        if (!kept.contains(e.getKey())) {
          s = s.replace("${" + e.getKey() + ".PrimaryPrivateIpAddress}", e.getValue());
        }
      }
      for (var e : ids.entrySet()) {
        if (e.getKey().startsWith("Node") && !kept.contains(e.getKey())) {
          s = s.replace("${" + e.getKey() + "}", e.getValue());
        }
      }
      return JSON.getNodeFactory().textNode(s);
    }
    return node;
  }

  private static List<ResourceToImport> imports(ObjectNode t, Map<String, String> ids) {
    List<ResourceToImport> out = new ArrayList<>();
    t.path("Resources")
        .fields()
        .forEachRemaining(
            e -> {
              String type = e.getValue().path("Type").asText();
              out.add(
                  ResourceToImport.of(
                      type,
                      e.getKey(),
                      ResourceImports.IDENTIFIERS.get(type),
                      ids.get(e.getKey())));
            });
    return out;
  }

  private static String logical(String child) {
    return child.substring(S.length() + 1);
  }

  // ---- the cluster ----

  private void world() {
    sim.ec2().addVpc("vpc-0a1b2c3d4e5f60718", "10.0.0.0/16");
    String[] zones = {"eu-west-1a", "eu-west-1b", "eu-west-1c"};
    for (int i = 0; i < 3; i++) {
      sim.ec2()
          .addSubnet(
              "subnet-0000000000000000" + (i + 1),
              "vpc-0a1b2c3d4e5f60718",
              zones[i],
              "10.0." + (i + 1) + ".0/24");
    }
    sim.ec2()
        .addImage(AMI, "node-v1", "/dev/xvda", ImageBehavior.signalsAfter(Duration.ofSeconds(90)));
  }

  private static String synthesize() {
    String yaml =
        """
        name: grow-me
        vpc: vpc-0a1b2c3d4e5f60718
        instanceType: m6i.large
        image: {ami: %s}
        nodes:
          count: %d
          subnets:
            - {id: subnet-00000000000000001, availabilityZone: eu-west-1a}
            - {id: subnet-00000000000000002, availabilityZone: eu-west-1b}
            - {id: subnet-00000000000000003, availabilityZone: eu-west-1c}
        volume: {size: 100, mountPoint: /var/lib/app}
        ports: {members: [7000], clients: [9042]}
        health: {signalTimeout: 15m}
        recovery: true
        """
            .formatted(AMI, N);
    return TemplateWriter.write(
        Synthesis.of(SpecReader.read("cluster.yaml", yaml)).template(), TemplateWriter.Format.JSON);
  }

  private void create(ObjectNode t) {
    ChangeSet cs = changeSet(S, ChangeSetType.CREATE, t, List.of());
    assertThat(execute(S, cs)).isEqualTo(StackStatus.CREATE_COMPLETE);
  }

  private ChangeSet changeSet(
      String stack, ChangeSetType type, ObjectNode t, List<ResourceToImport> resources) {
    sim.templates().addBucket("bodies-" + ++changeSets);
    String url = sim.templates().put("bodies-" + changeSets, null, "t.json", t.toString());
    ChangeSetRequest.Builder b =
        ChangeSetRequest.builder(stack, "step" + changeSets).url(url).type(type).capabilities(IAM);
    if (!resources.isEmpty()) {
      b.resourcesToImport(resources);
    }
    ChangeSetRequest r = b.build();
    sim.stacks().createChangeSet(r);
    ChangeSet cs = sim.stacks().describeChangeSet(stack, r.changeSetName());
    while (cs.pending()) {
      sim.ticker().sleep(Duration.ofSeconds(1));
      cs = sim.stacks().describeChangeSet(stack, r.changeSetName());
    }
    assertThat(cs.status())
        .as("%s: %s", r.changeSetName(), cs.statusReason())
        .isEqualTo("CREATE_COMPLETE");
    return cs;
  }

  private StackStatus execute(String stack, ChangeSet cs) {
    sim.stacks().executeChangeSet(stack, cs.name());
    for (int i = 0; i < 100_000; i++) {
      StackStatus s = stack(stack).status();
      if (!s.inProgress()) {
        return s;
      }
      sim.ticker().sleep(Duration.ofSeconds(5));
    }
    throw new AssertionError(stack + " never settled");
  }

  private Stack stack(String name) {
    return sim.stacks().describeStack(name).orElseThrow();
  }

  private Map<String, String> ids(String stack) {
    Map<String, String> out = new LinkedHashMap<>();
    for (StackResource r : sim.stacks().listStackResources(stack)) {
      out.put(r.logicalId(), r.physicalId());
    }
    return out;
  }

  private void allRunning(Map<String, String> ids) {
    List<String> instances =
        ids.entrySet().stream()
            .filter(e -> e.getKey().endsWith("Instance"))
            .map(Map.Entry::getValue)
            .toList();
    assertThat(instances).hasSize(N);
    assertThat(sim.ec2().describeInstances(instances))
        .hasSize(N)
        .allSatisfy(i -> assertThat(i.state()).isEqualTo("running"));
  }

  private static ObjectNode parse(String body) {
    try {
      return (ObjectNode) JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
