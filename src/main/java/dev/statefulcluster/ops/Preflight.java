package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.Net;
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
 * Checks what a completed spec names against EC2 before anything is created, so that a typo
 * costs a second, not a failed and rolled-back stack: AMIs exist and are available with the root
 * device the template maps, snapshots are complete and fit the volume, the key pair and client
 * security group exist, pinned addresses lie in their subnets and are not among those AWS
 * reserves.
 */
public final class Preflight {
  private Preflight() {}

  public static void check(ClusterSpec spec, Ec2Api ec2) {
    List<SpecError> errors = new ArrayList<>();
    checkImages(spec, ec2, errors);
    checkSnapshots(spec, ec2, errors);
    if (spec.keyPair() != null && ec2.describeKeyPairs(List.of(spec.keyPair())).isEmpty()) {
      errors.add(spec.source().error("keyPair", "key pair '" + spec.keyPair() + "' does not"
          + " exist in this region; create or import it, or remove keyPair"));
    }
    String group = spec.access().clientSecurityGroup();
    if (group != null) {
      List<Ec2Api.SecurityGroup> found = ec2.describeSecurityGroups(List.of(group));
      if (found.isEmpty()) {
        errors.add(spec.source().error("clients.securityGroup", group + " does not exist"));
      } else if (spec.vpc() != null && !spec.vpc().equals(found.get(0).vpcId())) {
        errors.add(spec.source().error("clients.securityGroup", group + " is in "
            + found.get(0).vpcId() + ", not in the cluster's " + spec.vpc()));
      }
    }
    checkAddresses(spec, ec2, errors);
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
  }

  private static void checkImages(ClusterSpec spec, Ec2Api ec2, List<SpecError> errors) {
    Set<String> ids = spec.nodes().stream().map(NodeSpec::ami)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    Map<String, Ec2Api.Image> images = ec2.describeImages(ids).stream()
        .collect(Collectors.toMap(Ec2Api.Image::id, Function.identity()));
    String root = spec.image().effectiveRootDevice();
    for (String id : ids) {
      String path = id.equals(spec.image().ami()) ? "image.ami" : pathOfAmi(spec, id);
      Ec2Api.Image image = images.get(id);
      if (image == null) {
        errors.add(spec.source().error(path, id + " does not exist in this region, or this"
            + " account may not launch it"));
      } else if (!"available".equals(image.state())) {
        errors.add(spec.source().error(path, id + " is " + image.state() + ", not available"));
      } else if (image.rootDeviceName() != null && !image.rootDeviceName().equals(root)) {
        errors.add(spec.source().error(path, id + " boots from " + image.rootDeviceName()
            + " but the template encrypts " + root + "; set image.rootDevice: "
            + image.rootDeviceName() + " (or the right image.os)"));
      }
    }
  }

  private static String pathOfAmi(ClusterSpec spec, String ami) {
    for (NodeSpec n : spec.nodes()) {
      if (ami.equals(n.ami())) {
        return spec.nodePath(n.number()) + ".ami";
      }
    }
    return "image.ami";
  }

  private static void checkSnapshots(ClusterSpec spec, Ec2Api ec2, List<SpecError> errors) {
    Set<String> ids = spec.nodes().stream().map(NodeSpec::snapshot)
        .filter(java.util.Objects::nonNull)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    if (ids.isEmpty()) {
      return;
    }
    Map<String, Ec2Api.Snapshot> found = ec2.describeSnapshots(ids).stream()
        .collect(Collectors.toMap(Ec2Api.Snapshot::id, Function.identity()));
    for (NodeSpec n : spec.nodes()) {
      if (n.snapshot() == null) {
        continue;
      }
      String path = spec.nodesCounted() ? "nodes.snapshots[" + (n.number() - 1) + "]"
          : spec.nodePath(n.number()) + ".snapshot";
      Ec2Api.Snapshot s = found.get(n.snapshot());
      if (s == null) {
        errors.add(spec.source().error(path, n.name() + "'s snapshot " + n.snapshot()
            + " does not exist in this region"));
      } else if (!"completed".equals(s.state())) {
        errors.add(spec.source().error(path, n.name() + "'s snapshot " + s.id() + " is "
            + s.state() + " (" + s.progress() + "); wait until it is completed"));
      } else if (s.volumeSize() > spec.volume().size()) {
        errors.add(spec.source().error(path, n.name() + "'s snapshot " + s.id() + " holds "
            + s.volumeSize() + " GiB, more than volume.size " + spec.volume().size()
            + "; raise volume.size to at least " + s.volumeSize()));
      }
    }
  }

  private static void checkAddresses(ClusterSpec spec, Ec2Api ec2, List<SpecError> errors) {
    Set<String> subnets = spec.nodes().stream().filter(n -> n.privateIp() != null)
        .map(NodeSpec::subnet).collect(Collectors.toSet());
    if (subnets.isEmpty()) {
      return;
    }
    Map<String, Ec2Api.Subnet> found = ec2.describeSubnets(subnets).stream()
        .collect(Collectors.toMap(Ec2Api.Subnet::id, Function.identity()));
    for (NodeSpec n : spec.nodes()) {
      Ec2Api.Subnet subnet = n.privateIp() == null ? null : found.get(n.subnet());
      if (subnet == null || subnet.cidrBlock() == null) {
        continue;
      }
      Net.Cidr cidr = Net.cidr(subnet.cidrBlock());
      long address = Net.ipv4(n.privateIp());
      String path = spec.nodePath(n.number()) + ".privateIp";
      if (cidr != null && !cidr.contains(address)) {
        errors.add(spec.source().error(path, n.privateIp() + " is outside " + subnet.id() + " ("
            + subnet.cidrBlock() + ")"));
      } else if (cidr != null && cidr.reservedByAws(address)) {
        errors.add(spec.source().error(path, n.privateIp() + " is reserved by AWS in "
            + subnet.id() + " (" + subnet.cidrBlock() + " keeps its first four addresses and its"
            + " last); pin one from " + Net.Cidr.format(cidr.first() + 4) + " to "
            + Net.Cidr.format(cidr.last() - 1)));
      }
    }
  }
}
