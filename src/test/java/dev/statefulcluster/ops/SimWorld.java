package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Stack;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.sim.ImageBehavior;
import dev.statefulcluster.cloud.sim.SimCloud;
import dev.statefulcluster.cloud.sim.SimLatencies;
import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.ops.core.ResilientCloud;
import dev.statefulcluster.ops.roll.Roller;
import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.SpecReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An AWS account in the in-memory model, set up as a user's would be: a VPC with three subnets in
 * three zones, AMIs that boot and signal (and some that do not), a key pair, a client group. Plus
 * the operations over it, wired as the CLI wires them, and the lines they print.
 */
final class SimWorld {
  static final String VPC = "vpc-0a1b2c3d4e5f60718";
  static final String[] SUBNETS = {
    "subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"
  };
  static final String[] ZONES = {"eu-west-1a", "eu-west-1b", "eu-west-1c"};
  static final String AMI_OLD = "ami-00000000000000001";
  static final String AMI_NEW = "ami-00000000000000002";

  /** Boots but never signals: CloudFormation times out on it. */
  static final String AMI_SILENT = "ami-00000000000000003";

  /** Boots and signals FAILURE (cfn-init failed). */
  static final String AMI_BROKEN = "ami-00000000000000004";

  static final String CLIENT_GROUP = "sg-0a1b2c3d4e5f60718";

  final SimCloud sim;
  final ResilientCloud cloud;
  final List<String> lines = new ArrayList<>();
  final Progress progress = lines::add;

  /** Polls as for AWS: the clock is virtual, so waiting costs nothing but is counted. */
  final Polling polling = Polling.DEFAULT;

  SimWorld() {
    this(SimLatencies.defaults());
  }

  SimWorld(SimLatencies latencies) {
    this(new SimCloud(latencies, "eu-west-1"), 24);
    sim.templates().addBucket(BUCKET);
  }

  /**
   * The same subnets (ids and zones), each a /22 (1,019 addresses AWS leaves usable) instead of a
   * /24: room for 1,000 nodes over three.
   */
  static SimWorld wide() {
    SimWorld world = new SimWorld(new SimCloud(SimLatencies.defaults(), "eu-west-1"), 22);
    world.sim.templates().addBucket(BUCKET);
    return world;
  }

  /** The same account in {@code region}, set up alike (S3 bucket names stay global). */
  SimWorld inRegion(String region) {
    return new SimWorld(sim.inRegion(region), 24);
  }

  private SimWorld(SimCloud sim, int subnetPrefix) {
    this.sim = sim;
    sim.ec2().addVpc(VPC, "10.0.0.0/16");
    for (int i = 0; i < 3; i++) {
      String cidr =
          subnetPrefix == 24 ? "10.0." + (i + 1) + ".0/24" : "10.0." + (i + 1) * 4 + ".0/22";
      sim.ec2().addSubnet(SUBNETS[i], VPC, ZONES[i], cidr);
    }
    sim.ec2()
        .addImage(
            AMI_OLD, "node-v1", "/dev/xvda", ImageBehavior.signalsAfter(Duration.ofSeconds(90)))
        .addImage(
            AMI_NEW, "node-v2", "/dev/xvda", ImageBehavior.signalsAfter(Duration.ofSeconds(90)))
        .addImage(AMI_SILENT, "node-hangs", "/dev/xvda", ImageBehavior.neverSignals())
        .addImage(
            AMI_BROKEN,
            "node-broken",
            "/dev/xvda",
            ImageBehavior.failsAfter(Duration.ofSeconds(60)))
        .addKeyPair("ops")
        .addSecurityGroup(CLIENT_GROUP, VPC, "clients");
    cloud = new ResilientCloud(sim);
  }

  /** A cluster of {@code nodes} nodes counted over the three subnets; zones left to look-up. */
  static String counted(String name, int nodes, String extra) {
    return """
        name: %s
        instanceType: m6i.large
        image: {ami: %s}
        keyPair: ops
        nodes:
          count: %d
          subnets: [%s, %s, %s]
        volume: {size: 100, mountPoint: /var/lib/app}
        ports: {members: [7000], clients: [9042]}
        health: {signalTimeout: 15m}
        """
            .formatted(name, AMI_OLD, nodes, SUBNETS[0], SUBNETS[1], SUBNETS[2])
        + extra;
  }

  /** Three listed nodes with pinned addresses. */
  static String listed(String name, String volume, String extra) {
    return """
        name: %s
        vpc: %s
        instanceType: m6i.large
        image: {ami: %s}
        nodes:
          - {subnet: %s, availabilityZone: eu-west-1a, privateIp: 10.0.1.10}
          - {subnet: %s, availabilityZone: eu-west-1b, privateIp: 10.0.2.10}
          - {subnet: %s, availabilityZone: eu-west-1c, privateIp: 10.0.3.10}
        volume: %s
        ports: {members: [2888, 3888], clients: [2181]}
        """
            .formatted(name, VPC, AMI_OLD, SUBNETS[0], SUBNETS[1], SUBNETS[2], volume)
        + extra;
  }

  static ClusterSpec spec(String yaml) {
    return SpecReader.read("cluster.yaml", yaml);
  }

  Deployer deployer() {
    return new Deployer(cloud, polling, progress);
  }

  /** The user's own bucket, created before the tool ran. */
  static final String BUCKET = "templates-bucket";

  /** Templates over 51,200 bytes go through the user's bucket, as --s3-bucket sends them. */
  static final Deployer.Options WITH_BUCKET = new Deployer.Options(BUCKET, null);

  Deployer.Outcome deploy(String yaml) throws InterruptedException {
    return deployer().deploy(spec(yaml), WITH_BUCKET);
  }

  Roller roller() {
    return new Roller(cloud, polling, progress);
  }

  Stack stack(String name) {
    return sim.stacks().describeStack(name).orElseThrow();
  }

  /** Physical ids of the stack's resources by logical id (live ones). */
  Map<String, String> physicalIds(String name) {
    Map<String, String> out = new TreeMap<>();
    for (StackResource r : sim.stacks().listStackResources(name)) {
      out.put(r.logicalId(), r.physicalId());
    }
    return out;
  }

  /** The network interfaces and volumes of a stack: what must never change. */
  Map<String, String> durableIds(String name) {
    Map<String, String> out = new TreeMap<>();
    physicalIds(name)
        .forEach(
            (k, v) -> {
              if (k.endsWith("Eni") || k.endsWith("Volume")) {
                out.put(k, v);
              }
            });
    return out;
  }

  int calls(String api) {
    return sim.calls().getOrDefault(api, 0);
  }

  String output() {
    return String.join("\n", lines);
  }
}
