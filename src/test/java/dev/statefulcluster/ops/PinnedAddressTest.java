package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.statefulcluster.spec.SpecError;
import dev.statefulcluster.spec.SpecException;
import org.junit.jupiter.api.Test;

/**
 * A pinned address EC2 would refuse is refused before anything is created, in the words of the
 * file: on AWS the interface's creation fails part-way through the stack and rolls it back.
 */
class PinnedAddressTest {
  final SimWorld world = new SimWorld();

  private String pinned(String ip1, String ip2, String ip3) {
    return SimWorld.listed("zk-pins", "{size: 100}", "")
        .replace("10.0.1.10", ip1)
        .replace("10.0.2.10", ip2)
        .replace("10.0.3.10", ip3);
  }

  @Test
  void addressesAwsReservesInTheSubnetAreRefusedBeforeAnyChangeSet() {
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> world.deploy(pinned("10.0.1.3", "10.0.2.1", "10.0.3.255")));

    assertThat(e).isNotNull();
    assertThat(e.errors())
        .extracting(SpecError::toString)
        .containsExactly(
            "cluster.yaml:6: nodes[0].privateIp: 10.0.1.3 is reserved by AWS in"
                + " subnet-0a1b2c3d4e5f60001 (10.0.1.0/24 keeps its first four addresses and its"
                + " last); pin one from 10.0.1.4 to 10.0.1.254",
            "cluster.yaml:7: nodes[1].privateIp: 10.0.2.1 is reserved by AWS in"
                + " subnet-0a1b2c3d4e5f60002 (10.0.2.0/24 keeps its first four addresses and its"
                + " last); pin one from 10.0.2.4 to 10.0.2.254",
            "cluster.yaml:8: nodes[2].privateIp: 10.0.3.255 is reserved by AWS in"
                + " subnet-0a1b2c3d4e5f60003 (10.0.3.0/24 keeps its first four addresses and its"
                + " last); pin one from 10.0.3.4 to 10.0.3.254");
    assertThat(world.calls("CreateChangeSet")).isZero();
    assertThat(world.sim.stacks().describeStack("zk-pins")).isEmpty();
  }

  @Test
  void theNetworkAddressAndOneOutsideAreRefusedTooEachForItsOwnReason() {
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> world.deploy(pinned("10.0.1.0", "10.0.9.10", "10.0.3.10")));

    assertThat(e).isNotNull();
    assertThat(e.errors())
        .extracting(SpecError::toString)
        .containsExactly(
            "cluster.yaml:6: nodes[0].privateIp: 10.0.1.0 is reserved by AWS in"
                + " subnet-0a1b2c3d4e5f60001 (10.0.1.0/24 keeps its first four addresses and its"
                + " last); pin one from 10.0.1.4 to 10.0.1.254",
            "cluster.yaml:7: nodes[1].privateIp: 10.0.9.10 is outside subnet-0a1b2c3d4e5f60002"
                + " (10.0.2.0/24)");
  }

  @Test
  void theFirstAndLastUsableAddressesDeploy() throws Exception {
    world.deploy(pinned("10.0.1.4", "10.0.2.254", "10.0.3.10"));

    assertThat(world.stack("zk-pins").status().toString()).isEqualTo("CREATE_COMPLETE");
  }
}
