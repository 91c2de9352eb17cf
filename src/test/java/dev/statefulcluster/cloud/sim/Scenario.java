package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.Parameter;
import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.StackStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model with the fixtures of the test cluster (one VPC, three subnets in three zones, images that
 * boot well, badly or never) and the steps an operation takes: change set, wait, execute, wait.
 */
final class Scenario {
  static final String STACK = "kafka";
  static final Set<String> IAM = Set.of("CAPABILITY_IAM");

  final SimCloud sim;
  private int changeSets;

  Scenario() {
    this(new SimCloud());
  }

  Scenario(SimCloud sim) {
    this.sim = sim;
    sim.ec2()
        .addVpc("vpc-1", "10.0.0.0/16")
        .addSubnet("subnet-a", "vpc-1", "us-east-1a", "10.0.1.0/24")
        .addSubnet("subnet-b", "vpc-1", "us-east-1b", "10.0.2.0/24")
        .addSubnet("subnet-c", "vpc-1", "us-east-1c", "10.0.3.0/24")
        .addImage(
            "ami-old", "node-v1", "/dev/xvda", ImageBehavior.signalsAfter(Duration.ofSeconds(60)))
        .addImage(
            "ami-new", "node-v2", "/dev/xvda", ImageBehavior.signalsAfter(Duration.ofSeconds(90)))
        .addImage(
            "ami-bad", "node-broken", "/dev/xvda", ImageBehavior.failsAfter(Duration.ofSeconds(45)))
        .addImage("ami-hang", "node-hangs", "/dev/xvda", ImageBehavior.neverSignals())
        .addKeyPair("ops");
  }

  static String resource(String name) {
    try (InputStream in = Scenario.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String cluster() {
    return resource("cluster3.json");
  }

  /** Values given explicitly; every other parameter of the cluster template keeps its value. */
  static List<Parameter> keep(String... keysAndValues) {
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      given.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    List<Parameter> out = new ArrayList<>();
    for (String name :
        List.of(
            "Node1Image",
            "Node1Snapshot",
            "Node2Image",
            "Node2Snapshot",
            "Node3Image",
            "Node3Snapshot",
            "NodeDown",
            "VolumeSize")) {
      out.add(
          given.containsKey(name) ? Parameter.of(name, given.get(name)) : Parameter.previous(name));
    }
    return out;
  }

  static List<Parameter> params(String... keysAndValues) {
    List<Parameter> out = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.add(Parameter.of(keysAndValues[i], keysAndValues[i + 1]));
    }
    return out;
  }

  ChangeSetRequest request(ChangeSetType type, String body, List<Parameter> parameters) {
    return new ChangeSetRequest(
        STACK, "cs" + ++changeSets, type, body, null, false, parameters, IAM, Map.of(), null);
  }

  /** Creates a change set and waits until it is no longer pending. */
  ChangeSet changeSet(ChangeSetType type, String body, List<Parameter> parameters) {
    ChangeSetRequest r = request(type, body, parameters);
    sim.stacks().createChangeSet(r);
    return awaitChangeSet(r.changeSetName());
  }

  ChangeSet awaitChangeSet(String name) {
    ChangeSet cs = sim.stacks().describeChangeSet(STACK, name);
    while (cs.pending()) {
      sleep(Duration.ofSeconds(1));
      cs = sim.stacks().describeChangeSet(STACK, name);
    }
    return cs;
  }

  StackStatus create(String body, List<Parameter> parameters) {
    ChangeSet cs = changeSet(ChangeSetType.CREATE, body, parameters);
    sim.stacks().executeChangeSet(STACK, cs.name());
    return settle();
  }

  StackStatus createCluster() {
    return create(cluster(), List.of());
  }

  StackStatus update(String body, List<Parameter> parameters) {
    ChangeSet cs = changeSet(ChangeSetType.UPDATE, body, parameters);
    if (cs.failed()) {
      throw new AssertionError("change set failed: " + cs.statusReason());
    }
    sim.stacks().executeChangeSet(STACK, cs.name());
    return settle();
  }

  /** Polls every 5 s (virtual) until the stack's operation has ended. */
  StackStatus settle() {
    for (int i = 0; i < 100_000; i++) {
      Stack s = stack();
      if (!s.status().inProgress()) {
        return s.status();
      }
      sleep(Duration.ofSeconds(5));
    }
    throw new AssertionError("stack never settled");
  }

  Stack stack() {
    return sim.stacks().describeStack(STACK).orElseThrow();
  }

  void sleep(Duration d) {
    sim.ticker().sleep(d);
  }

  List<StackEvent> eventsOldestFirst() {
    List<StackEvent> events = new ArrayList<>(sim.stacks().describeStackEvents(STACK, 100_000));
    Collections.reverse(events);
    return events;
  }

  Map<String, StackResource> resources() {
    Map<String, StackResource> out = new LinkedHashMap<>();
    sim.stacks().listStackResources(STACK).forEach(r -> out.put(r.logicalId(), r));
    return out;
  }

  String physicalId(String logicalId) {
    StackResource r = resources().get(logicalId);
    return r == null ? null : r.physicalId();
  }

  /** Instances of the stack's nodes that are running right now. */
  long runningNodes() {
    List<String> ids = new ArrayList<>();
    resources().values().stream()
        .filter(r -> r.resourceType().equals("AWS::EC2::Instance"))
        .forEach(r -> ids.add(r.physicalId()));
    return sim.ec2().describeInstances(ids).stream()
        .filter(i -> i.state().equals("running"))
        .count();
  }
}
