package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.spec.SpecError;
import dev.statefulcluster.spec.SpecException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Fills in what a cluster file leaves to EC2 (the subnets' zones and VPC) and checks what it names
 * against it: every subnet exists, all are in one VPC (the spec's, when given), and a zone written
 * in the file is the subnet's real zone.
 */
public final class SpecLookup {
  private SpecLookup() {}

  public static ClusterSpec complete(ClusterSpec spec, Ec2Api ec2) {
    Set<String> ids =
        spec.nodes().stream()
            .map(NodeSpec::subnet)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    Map<String, Ec2Api.Subnet> found =
        ec2.describeSubnets(ids).stream()
            .collect(Collectors.toMap(Ec2Api.Subnet::id, Function.identity()));
    List<SpecError> errors = new ArrayList<>();
    List<NodeSpec> nodes = new ArrayList<>();
    String vpc = spec.vpc();
    String vpcFrom = spec.vpc() == null ? null : "vpc";
    for (NodeSpec node : spec.nodes()) {
      String path = spec.nodePath(node.number());
      Ec2Api.Subnet subnet = found.get(node.subnet());
      if (subnet == null) {
        errors.add(
            spec.source()
                .error(
                    path,
                    node.name()
                        + "'s subnet "
                        + node.subnet()
                        + " does not exist in this account and region; check the id and --region"));
        nodes.add(node);
        continue;
      }
      if (vpc == null) {
        vpc = subnet.vpcId();
        vpcFrom = node.name() + "'s subnet";
      } else if (!vpc.equals(subnet.vpcId())) {
        errors.add(
            spec.source()
                .error(
                    path,
                    node.name()
                        + "'s subnet "
                        + subnet.id()
                        + " is in "
                        + subnet.vpcId()
                        + ", not in "
                        + vpc
                        + " (from "
                        + vpcFrom
                        + "); all nodes share"
                        + " one VPC"));
      }
      if (node.availabilityZone() != null
          && !node.availabilityZone().equals(subnet.availabilityZone())) {
        errors.add(
            spec.source()
                .error(
                    path,
                    node.name()
                        + "'s subnet "
                        + subnet.id()
                        + " is in "
                        + subnet.availabilityZone()
                        + ", not "
                        + node.availabilityZone()
                        + "; correct the zone or leave it out"));
      }
      nodes.add(node.withAvailabilityZone(subnet.availabilityZone()));
    }
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
    return spec.withVpc(vpc).withNodes(nodes);
  }
}
