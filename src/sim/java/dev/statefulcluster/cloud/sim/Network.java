package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.Ec2Api;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** VPCs, subnets, security groups and network interfaces, with EC2's rules and errors. */
final class Network {
  private final SimContext ctx;
  final Map<String, Ec2Api.Vpc> vpcs = new LinkedHashMap<>();
  final Map<String, Ec2Api.Subnet> subnets = new LinkedHashMap<>();
  private final Map<String, IpPool> pools = new LinkedHashMap<>();
  final Map<String, SimGroup> groups = new LinkedHashMap<>();
  final Map<String, SimEni> enis = new LinkedHashMap<>();

  Network(SimContext ctx) {
    this.ctx = ctx;
  }

  void addVpc(String id, String cidr) {
    IpPool.toLong(cidr.split("/")[0]);
    vpcs.put(id, new Ec2Api.Vpc(id, cidr));
  }

  void addSubnet(String id, String vpcId, String az, String cidr) {
    Ec2Api.Vpc vpc = vpcs.get(vpcId);
    if (vpc == null) {
      throw new IllegalArgumentException("subnet " + id + ": add VPC " + vpcId + " first");
    }
    IpPool pool = new IpPool(cidr);
    IpPool vpcRange = new IpPool(vpc.cidrBlock());
    if (!vpcRange.contains(cidr.split("/")[0])) {
      throw new IllegalArgumentException(
          "subnet "
              + id
              + " ("
              + cidr
              + ") is outside VPC "
              + vpcId
              + " ("
              + vpc.cidrBlock()
              + ")");
    }
    subnets.put(id, new Ec2Api.Subnet(id, vpcId, az, cidr));
    pools.put(id, pool);
  }

  List<String> availabilityZones() {
    TreeSet<String> azs = new TreeSet<>();
    subnets.values().forEach(s -> azs.add(s.availabilityZone()));
    return List.copyOf(azs);
  }

  Ec2Api.Subnet subnet(String id) {
    Ec2Api.Subnet s = subnets.get(id);
    if (s == null) {
      throw ApiErrors.service(
          "InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
    }
    return s;
  }

  Ec2Api.Vpc vpc(String id) {
    if (id == null) {
      throw ApiErrors.service("VPCIdNotSpecified", "No default VPC for this user");
    }
    Ec2Api.Vpc v = vpcs.get(id);
    if (v == null) {
      throw ApiErrors.service("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
    }
    return v;
  }

  SimGroup group(String id) {
    SimGroup g = groups.get(id);
    if (g == null) {
      throw ApiErrors.service(
          "InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
    }
    return g;
  }

  SimGroup createGroup(String id, String vpcId, String name, String description) {
    vpc(vpcId);
    for (SimGroup g : groups.values()) {
      if (g.vpcId.equals(vpcId) && g.name.equals(name)) {
        throw ApiErrors.service(
            "InvalidGroup.Duplicate",
            "The security group '" + name + "' already exists for VPC '" + vpcId + "'");
      }
    }
    SimGroup g = new SimGroup(id, vpcId, name, description);
    groups.put(id, g);
    return g;
  }

  void deleteGroup(String id) {
    SimGroup g = groups.get(id);
    if (g == null) {
      return;
    }
    boolean used = enis.values().stream().anyMatch(e -> e.groupIds.contains(id));
    boolean referenced =
        groups.values().stream()
            .filter(other -> other != g)
            .anyMatch(other -> other.ingress.stream().anyMatch(r -> r.source().equals(id)));
    if (used || referenced) {
      throw ApiErrors.service("DependencyViolation", "resource " + id + " has a dependent object");
    }
    groups.remove(id);
  }

  SimGroup.Rule authorize(
      String groupId,
      String protocol,
      Integer from,
      Integer to,
      String source,
      String description) {
    SimGroup g = group(groupId);
    if (source == null) {
      throw ApiErrors.service(
          "MissingParameter",
          "Either CidrIp, CidrIpv6, SourcePrefixListId or SourceSecurityGroupId must be specified");
    }
    if (source.startsWith("sg-")) {
      group(source);
    }
    SimGroup.Rule rule =
        new SimGroup.Rule(ctx.ids().next("sgr"), protocol, from, to, source, description);
    for (SimGroup.Rule existing : g.ingress) {
      if (existing.sameAs(rule)) {
        throw ApiErrors.service(
            "InvalidPermission.Duplicate",
            "the specified rule \"peer: "
                + source
                + ", "
                + protocol
                + ", from port: "
                + from
                + ", to port: "
                + to
                + ", ALLOW\" already exists");
      }
    }
    g.ingress.add(rule);
    return rule;
  }

  void revoke(String groupId, String ruleId) {
    SimGroup g = groups.get(groupId);
    if (g != null) {
      g.ingress.removeIf(r -> r.id().equals(ruleId));
    }
  }

  SimEni eni(String id) {
    SimEni e = enis.get(id);
    if (e == null) {
      throw ApiErrors.service(
          "InvalidNetworkInterfaceID.NotFound",
          "The networkInterface ID '" + id + "' does not exist");
    }
    return e;
  }

  SimEni createEni(String subnetId, List<String> groupIds, String privateIp, String description) {
    Ec2Api.Subnet s = subnet(subnetId);
    for (String g : groupIds) {
      if (!group(g).vpcId.equals(s.vpcId())) {
        throw ApiErrors.service(
            "InvalidParameter",
            "Security group " + g + " and subnet " + subnetId + " belong to different networks.");
      }
    }
    IpPool pool = pools.get(subnetId);
    String ip = privateIp == null ? pool.allocate() : pool.claim(privateIp);
    SimEni eni = new SimEni(ctx.ids().next("eni"), subnetId, s.vpcId(), s.availabilityZone(), ip);
    eni.groupIds.addAll(groupIds);
    eni.description = description;
    enis.put(eni.id, eni);
    return eni;
  }

  void deleteEni(String id) {
    SimEni eni = enis.get(id);
    if (eni == null) {
      return;
    }
    if (eni.attachedTo != null) {
      throw ApiErrors.service(
          "InvalidNetworkInterface.InUse",
          "The network interface '" + id + "' is currently in use.");
    }
    pools.get(eni.subnetId).release(eni.privateIp);
    enis.remove(id);
  }

  /** Attaches at launch; an interface attached to any instance not yet terminated is in use. */
  void attach(SimEni eni, String instanceId, int deviceIndex, boolean deleteOnTermination) {
    if (eni.attachedTo != null) {
      throw ApiErrors.service(
          "InvalidNetworkInterface.InUse", "Interface: [" + eni.id + "] in use.");
    }
    eni.attachedTo = instanceId;
    eni.deviceIndex = deviceIndex;
    eni.deleteOnTermination = deleteOnTermination;
  }

  /** At termination: the interface is freed, or deleted when it was to go with the instance. */
  void release(SimEni eni) {
    boolean delete = eni.deleteOnTermination;
    eni.attachedTo = null;
    eni.deleteOnTermination = false;
    if (delete) {
      deleteEni(eni.id);
    }
  }
}
