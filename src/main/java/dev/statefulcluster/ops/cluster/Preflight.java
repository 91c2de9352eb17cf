package dev.statefulcluster.ops.cluster;

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
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks what a completed spec names against EC2 before anything is created, so that a typo costs a
 * second, not a failed and rolled-back stack: AMIs exist and are available with the root device the
 * template maps and fit the instance type (architecture, ENA, boot mode), snapshots are complete
 * and fit the volume, the key pair and client security group exist, pinned addresses lie in their
 * subnets and are not among those AWS reserves.
 */
public final class Preflight {
  private Preflight() {}

  public static void check(ClusterSpec spec, Ec2Api ec2) {
    List<SpecError> errors = new ArrayList<>();
    checkImages(spec, ec2, errors);
    checkSnapshots(spec, ec2, errors);
    if (spec.keyPair() != null && ec2.describeKeyPairs(List.of(spec.keyPair())).isEmpty()) {
      errors.add(
          spec.source()
              .error(
                  "keyPair",
                  "key pair '"
                      + spec.keyPair()
                      + "' does not"
                      + " exist in this region; create or import it, or remove keyPair"));
    }
    String group = spec.access().clientSecurityGroup();
    if (group != null) {
      List<Ec2Api.SecurityGroup> found = ec2.describeSecurityGroups(List.of(group));
      if (found.isEmpty()) {
        errors.add(spec.source().error("clients.securityGroup", group + " does not exist"));
      } else if (spec.vpc() != null && !spec.vpc().equals(found.get(0).vpcId())) {
        errors.add(
            spec.source()
                .error(
                    "clients.securityGroup",
                    group
                        + " is in "
                        + found.get(0).vpcId()
                        + ", not in the cluster's "
                        + spec.vpc()));
      }
    }
    checkAddresses(spec, ec2, errors);
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
  }

  private static void checkImages(ClusterSpec spec, Ec2Api ec2, List<SpecError> errors) {
    Set<String> ids =
        spec.nodes().stream()
            .map(NodeSpec::ami)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    Map<String, Ec2Api.Image> images =
        ec2.describeImages(ids).stream()
            .collect(Collectors.toMap(Ec2Api.Image::id, Function.identity()));
    Ec2Api.InstanceType type = instanceType(spec.instanceType(), ec2);
    if (type == null) {
      errors.add(
          spec.source()
              .error(
                  "instanceType",
                  "'"
                      + spec.instanceType()
                      + "' is not an"
                      + " instance type offered in this region; write one such as m6i.large"));
    }
    if (spec.recovery() && type != null && Boolean.FALSE.equals(type.autoRecoverySupported())) {
      errors.add(
          spec.source()
              .error(
                  "recovery",
                  "EC2 cannot recover a "
                      + spec.instanceType()
                      + " on another host (DescribeInstanceTypes: AutoRecoverySupported false, as"
                      + " for types with instance store volumes or bare metal); remove"
                      + " 'recovery: true', or choose a type EC2 can recover, such as m6i.large"));
    }
    String root = spec.image().effectiveRootDevice();
    for (String id : ids) {
      String path = id.equals(spec.image().ami()) ? "image.ami" : pathOfAmi(spec, id);
      for (String problem : imageProblems(id, images.get(id), type, root)) {
        errors.add(
            spec.source()
                .error(
                    path,
                    problem
                        + (problem.contains(" boots from ")
                            ? "; set image.rootDevice: "
                                + images.get(id).rootDeviceName()
                                + " (or the right image.os)"
                            : "")));
      }
    }
  }

  /** DescribeInstanceTypes of one type; null when the region does not offer it. */
  public static Ec2Api.InstanceType instanceType(String name, Ec2Api ec2) {
    List<Ec2Api.InstanceType> found = ec2.describeInstanceTypes(List.of(name));
    return found.isEmpty() ? null : found.get(0);
  }

  /**
   * Why {@code image} cannot boot a node of {@code type} with the root volume the template maps at
   * {@code rootDevice}: one sentence per reason, empty when it can. A wrong root device does not
   * fail the launch: the instance boots with its own root volume unencrypted and the mapped one
   * blank beside it, so it is refused here like a launch failure. {@code type} null: unknown, not
   * checked.
   */
  public static List<String> imageProblems(
      String id, Ec2Api.Image image, Ec2Api.InstanceType type, String rootDevice) {
    List<String> out = new ArrayList<>();
    if (image == null) {
      out.add(id + " does not exist in this region, or this account may not launch it");
      return out;
    }
    if (!"available".equals(image.state())) {
      out.add(id + " is " + image.state() + ", not available");
    }
    if (rootDevice != null
        && image.rootDeviceName() != null
        && !image.rootDeviceName().equals(rootDevice)) {
      out.add(
          id
              + " boots from "
              + image.rootDeviceName()
              + " but the template encrypts "
              + rootDevice);
    }
    if (type == null) {
      return out;
    }
    if (image.architecture() != null
        && !type.architectures().isEmpty()
        && !type.architectures().contains(image.architecture())) {
      out.add(
          id
              + " is built for "
              + image.architecture()
              + " but "
              + type.name()
              + " runs "
              + String.join(", ", type.architectures()));
    }
    if ("required".equals(type.enaSupport()) && Boolean.FALSE.equals(image.enaSupport())) {
      out.add(id + " has no ENA support, which " + type.name() + " requires");
    }
    String mode = image.bootMode();
    if (("uefi".equals(mode) || "legacy-bios".equals(mode))
        && !type.bootModes().isEmpty()
        && !type.bootModes().contains(mode)) {
      out.add(
          id
              + " boots only with "
              + mode
              + ", which "
              + type.name()
              + " does not offer"
              + " (it boots "
              + String.join(", ", type.bootModes())
              + ")");
    }
    return out;
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
    Set<String> ids =
        spec.nodes().stream()
            .map(NodeSpec::snapshot)
            .filter(Objects::nonNull)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    if (ids.isEmpty()) {
      return;
    }
    Map<String, Ec2Api.Snapshot> found =
        ec2.describeSnapshots(ids).stream()
            .collect(Collectors.toMap(Ec2Api.Snapshot::id, Function.identity()));
    for (NodeSpec n : spec.nodes()) {
      if (n.snapshot() == null) {
        continue;
      }
      String path =
          spec.nodesCounted()
              ? "nodes.snapshots[" + (n.number() - 1) + "]"
              : spec.nodePath(n.number()) + ".snapshot";
      String problem = snapshotProblem(spec, n, found.get(n.snapshot()));
      if (problem != null) {
        errors.add(spec.source().error(path, problem));
      }
    }
  }

  /**
   * Why node n cannot have its volume created from its snapshot {@code s} (null: not found), or
   * null when it can. Shared with {@code --from-snapshots}, which names the option instead of a
   * line of the file.
   */
  public static String snapshotProblem(ClusterSpec spec, NodeSpec n, Ec2Api.Snapshot s) {
    if (s == null) {
      return n.name() + "'s snapshot " + n.snapshot() + " does not exist in this region";
    } else if (!"completed".equals(s.state())) {
      return n.name()
          + "'s snapshot "
          + s.id()
          + " is "
          + s.state()
          + " ("
          + s.progress()
          + "); wait until it is completed";
    } else if (s.volumeSize() > spec.volume().size()) {
      return n.name()
          + "'s snapshot "
          + s.id()
          + " holds "
          + s.volumeSize()
          + " GiB, more than"
          + " volume.size "
          + spec.volume().size()
          + "; raise volume.size to at least "
          + s.volumeSize();
    }
    return null;
  }

  private static void checkAddresses(ClusterSpec spec, Ec2Api ec2, List<SpecError> errors) {
    Set<String> subnets =
        spec.nodes().stream()
            .filter(n -> n.privateIp() != null)
            .map(NodeSpec::subnet)
            .collect(Collectors.toSet());
    if (subnets.isEmpty()) {
      return;
    }
    Map<String, Ec2Api.Subnet> found =
        ec2.describeSubnets(subnets).stream()
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
        errors.add(
            spec.source()
                .error(
                    path,
                    n.privateIp()
                        + " is outside "
                        + subnet.id()
                        + " ("
                        + subnet.cidrBlock()
                        + ")"));
      } else if (cidr != null && cidr.reservedByAws(address)) {
        errors.add(
            spec.source()
                .error(
                    path,
                    n.privateIp()
                        + " is reserved by AWS in "
                        + subnet.id()
                        + " ("
                        + subnet.cidrBlock()
                        + " keeps its first four addresses and its"
                        + " last); pin one from "
                        + Net.Cidr.format(cidr.first() + 4)
                        + " to "
                        + Net.Cidr.format(cidr.last() - 1)));
      }
    }
  }
}
