package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What validate knows offline about subnets, zones and addresses: a subnet lies in one zone and is
 * listed once, a cluster's zones are of one region, and some addresses are no VPC host's whatever
 * the subnet. Each is refused with its line and exit 3.
 */
class ZonesAndAddressesTest {
  /** Lines 1 to 5; the nodes follow from line 6. */
  static final String HEAD =
      String.join(
          "\n",
          "name: demo",
          "vpc: vpc-0123456789abcdef0",
          "instanceType: m6i.large",
          "image: {ami: ami-0123456789abcdef0}",
          "volume: {size: 10}",
          "");

  @TempDir Path dir;

  private void refused(String nodes, String... errors) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, HEAD + nodes);
    CliRun run = CliRun.run("validate", f.toString());
    StringBuilder expected = new StringBuilder();
    for (String e : errors) {
      expected.append(f).append(':').append(e).append('\n');
    }
    expected.append(errors.length == 1 ? "1 error" : errors.length + " errors").append('\n');
    assertThat(run.err()).isEqualTo(expected.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
  }

  @Test
  void oneSubnetUnderTwoZonesIsRefusedEvenWhenNoNodeLandsInTheSecond() throws Exception {
    refused(
        "nodes:\n"
            + "  count: 1\n"
            + "  subnets:\n"
            + "    - {id: subnet-00000000000000001, availabilityZone: eu-west-1a}\n"
            + "    - {id: subnet-00000000000000001, availabilityZone: eu-west-1b}\n",
        "10: nodes.subnets[1]: subnet-00000000000000001 is listed under eu-west-1a on line 9 and"
            + " here under eu-west-1b; a subnet lies in one zone: correct one of them");
  }

  @Test
  void theSameSubnetTwiceIsRefused() throws Exception {
    refused(
        "nodes:\n"
            + "  count: 4\n"
            + "  subnets: [subnet-00000000000000001, subnet-00000000000000002,\n"
            + "    subnet-00000000000000001]\n",
        "9: nodes.subnets[2]: subnet-00000000000000001 is listed already (line 8); list each"
            + " subnet once: the nodes are spread over the list in turn");
  }

  @Test
  void zonesOfTwoRegionsAreRefused() throws Exception {
    refused(
        "nodes:\n"
            + "  - {subnet: subnet-00000000000000001, availabilityZone: eu-west-1a}\n"
            + "  - {subnet: subnet-00000000000000002, availabilityZone: eu-west-1b}\n"
            + "  - {subnet: subnet-00000000000000003, availabilityZone: us-east-1a}\n",
        "9: nodes[2].availabilityZone: us-east-1a is a zone of us-east-1, but eu-west-1a (line 7)"
            + " is of eu-west-1; a cluster's stack lives in one region: give every node a zone of"
            + " one region");
    refused(
        "nodes:\n"
            + "  count: 2\n"
            + "  subnets:\n"
            + "    - {id: subnet-00000000000000001, availabilityZone: us-west-2-lax-1a}\n"
            + "    - {id: subnet-00000000000000002, availabilityZone: eu-west-1b}\n",
        "10: nodes.subnets[1].availabilityZone: eu-west-1b is a zone of eu-west-1, but"
            + " us-west-2-lax-1a (line 9) is of us-west-2; a cluster's stack lives in one region:"
            + " give every node a zone of one region");
  }

  @Test
  void aClientBlockListedTwiceIsRefused() throws Exception {
    refused(
        "nodes: [{subnet: subnet-00000000000000001, availabilityZone: eu-west-1a}]\n"
            + "ports: {clients: [9092]}\n"
            + "clients:\n"
            + "  cidrs:\n"
            + "    - 10.0.0.0/16\n"
            + "    - 10.1.0.0/16\n"
            + "    - 10.0.0.0/16\n",
        "12: clients.cidrs[2]: 10.0.0.0/16 is listed already (line 10); list each block once (EC2"
            + " refuses a rule twice)");
  }

  @Test
  void addressesThatAreNoVpcHostsAreRefusedOffline() throws Exception {
    StringBuilder nodes = new StringBuilder("nodes:\n");
    String[] ips = {
      "0.0.0.0",
      "127.0.0.5",
      "169.254.169.254",
      "224.0.0.1",
      "255.255.255.255",
      "10.1.0.2",
      "172.16.255.255",
      "10.1.1.0"
    };
    for (int i = 0; i < ips.length; i++) {
      nodes.append("  - {subnet: subnet-00000000000000001, privateIp: ").append(ips[i]);
      nodes.append("}\n");
    }
    String fix = "; write an address inside the node's subnet";
    refused(
        nodes.toString(),
        "7: nodes[0].privateIp: 0.0.0.0 is in 0.0.0.0/8 (this network), never a VPC host's" + fix,
        "8: nodes[1].privateIp: 127.0.0.5 is in 127.0.0.0/8 (loopback), never a VPC host's" + fix,
        "9: nodes[2].privateIp: 169.254.169.254 is in 169.254.0.0/16 (link-local: the instance"
            + " metadata and DNS of every instance), never a VPC host's"
            + fix,
        "10: nodes[3].privateIp: 224.0.0.1 is in 224.0.0.0/4 (multicast), never a VPC host's" + fix,
        "11: nodes[4].privateIp: 255.255.255.255 is in 240.0.0.0/4 (reserved; broadcast), never"
            + " a VPC host's"
            + fix,
        "12: nodes[5].privateIp: 10.1.0.2 is among the first four addresses of every subnet that"
            + " can hold it (subnets are /16 to /28), which AWS reserves"
            + fix,
        "13: nodes[6].privateIp: 172.16.255.255 is the last address of every subnet that can hold"
            + " it (subnets are /16 to /28), which AWS reserves"
            + fix);
  }
}
