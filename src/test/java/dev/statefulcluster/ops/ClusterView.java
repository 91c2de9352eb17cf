package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackEvent;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.Names;
import dev.statefulcluster.synth.NodeValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * A cluster in the in-memory model as a test looks at it, whatever its layout: every stack of it,
 * each node's instance, interface and volume, the AMI the stacks give each node, and every instance
 * event of every stack, read straight from the model (not through the tool).
 */
final class ClusterView {
  private final SimWorld world;
  private final String name;

  ClusterView(SimWorld world, String name) {
    this.world = world;
    this.name = name;
  }

  /** The cluster's stacks: its own first, then each child by logical id. */
  Map<String, String> stacks() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(name, name);
    for (StackResource r : world.sim.stacks().listStackResources(name)) {
      if (r.nestedStack() && r.physicalId() != null && !r.physicalId().isEmpty()) {
        out.put(r.logicalId(), r.physicalId());
      }
    }
    return out;
  }

  boolean nested() {
    return stacks().size() > 1;
  }

  /** Live physical ids of every stack's resources by logical id. */
  Map<String, String> physicalIds() {
    Map<String, String> out = new TreeMap<>();
    for (String stack : stacks().values()) {
      for (StackResource r : world.sim.stacks().listStackResources(stack)) {
        if (!r.nestedStack() && !r.status().startsWith("DELETE_COMPLETE")) {
          out.put(r.logicalId(), r.physicalId());
        }
      }
    }
    return out;
  }

  /** Every node's interface and volume, by logical id: what must never change. */
  Map<String, String> durable() {
    Map<String, String> out = new TreeMap<>();
    physicalIds()
        .forEach(
            (k, v) -> {
              if (ClusterLayout.isEni(k) || ClusterLayout.isVolume(k)) {
                out.put(k, v);
              }
            });
    return out;
  }

  /** Each node's instance id, by node number (nodes away have none). */
  Map<Integer, String> instances() {
    Map<Integer, String> out = new TreeMap<>();
    physicalIds()
        .forEach(
            (k, v) -> {
              if (ClusterLayout.isInstance(k)) {
                out.put(ClusterLayout.nodeOf(k), v);
              }
            });
    return out;
  }

  String volume(int n) {
    return physicalIds().get(Names.volume(n));
  }

  String eni(int n) {
    return physicalIds().get(Names.eni(n));
  }

  /** What the cluster stack's NodeDown says is away. */
  String nodeDown() {
    return world.stack(name).parameters().get(Names.NODE_DOWN);
  }

  /** The AMI the stacks give node {@code n}: its parameter, or what the parent passes. */
  String image(int n) {
    if (!nested()) {
      return world.stack(name).parameters().get(Names.imageParameter(n));
    }
    Map<Integer, NodeValues> values =
        ClusterLayout.settingsOf(
            dev.statefulcluster.ops.stack.TemplateDocument.parse(
                    world.sim.stacks().getTemplate(name))
                .root());
    return values.get(n).image();
  }

  /** Every node's instance runs {@code ami}, as EC2 says. */
  void assertEveryNodeOn(int nodes, String ami) {
    Map<Integer, String> ids = instances();
    assertThat(ids).as("every node has an instance").hasSize(nodes);
    List<Ec2Api.Instance> all = world.sim.ec2().describeInstances(List.copyOf(ids.values()));
    assertThat(all).extracting(Ec2Api.Instance::imageId).containsOnly(ami);
  }

  /** Every instance event of every stack of the cluster, oldest first. */
  List<StackEvent> instanceEvents() {
    List<StackEvent> events = new ArrayList<>();
    for (String stack : stacks().values()) {
      List<StackEvent> own =
          new ArrayList<>(world.sim.stacks().describeStackEvents(stack, 100_000));
      Collections.reverse(own);
      own.removeIf(e -> !ClusterLayout.isInstance(e.logicalId()));
      events.addAll(own);
    }
    // Stacks' events interleave by time; at one instant a creation that completed comes before
    // the cleanup that followed it (the cleanup phase starts once every creation is done).
    events.sort(
        Comparator.comparing(StackEvent::timestamp)
            .thenComparing(e -> e.status().equals("DELETE_IN_PROGRESS")));
    return events;
  }

  /**
   * From the events, at no moment were nodes of more than {@code most} groups without an instance
   * ({@code groupOf}: node 3 to its group, e.g. itself or its zone), and none is left away.
   */
  void assertAtMostAway(int most, IntFunction<Object> groupOf) {
    Map<Integer, Instant> down = new TreeMap<>();
    int worst = 0;
    for (StackEvent e : instanceEvents()) {
      int n = ClusterLayout.nodeOf(e.logicalId());
      if (e.status().equals("DELETE_IN_PROGRESS")) {
        down.put(n, e.timestamp());
      } else if (e.status().equals("CREATE_COMPLETE")) {
        down.remove(n);
      }
      worst = Math.max(worst, (int) down.keySet().stream().map(groupOf::apply).distinct().count());
    }
    assertThat(worst).as("groups away at the same time").isLessThanOrEqualTo(most);
    assertThat(down).as("nodes left away").isEmpty();
  }

  void assertAtMostOneNodeAway() {
    assertAtMostAway(1, n -> n);
  }

  /** The world's nodes are counted over three zones: node n is in zone (n-1) % 3. */
  void assertAtMostOneZoneAway() {
    assertAtMostAway(1, n -> (n - 1) % 3);
  }
}
