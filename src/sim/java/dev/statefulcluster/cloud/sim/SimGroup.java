package dev.statefulcluster.cloud.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A security group and its ingress rules. */
final class SimGroup {
  /** One ingress rule; {@code source} is a CIDR or a security group id. */
  record Rule(
      String id,
      String protocol,
      Integer fromPort,
      Integer toPort,
      String source,
      String description) {
    boolean sameAs(Rule other) {
      return protocol.equals(other.protocol)
          && Objects.equals(fromPort, other.fromPort)
          && Objects.equals(toPort, other.toPort)
          && source.equals(other.source);
    }
  }

  final String id;
  final String vpcId;
  final String name;
  final String description;
  final Map<String, String> tags = new LinkedHashMap<>();
  final List<Rule> ingress = new ArrayList<>();

  SimGroup(String id, String vpcId, String name, String description) {
    this.id = id;
    this.vpcId = vpcId;
    this.name = name;
    this.description = description;
  }
}
