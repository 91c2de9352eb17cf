package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * EC2's per-request limits (docs/aws-facts.md, "Per-call limits"): each accepted at the limit,
 * refused one past it, with EC2's code and message, before anything is read or changed.
 */
class Ec2LimitsTest {
  private final Scenario sc = new Scenario();
  private List<String> instances;
  private List<String> volumes;

  @BeforeEach
  void cluster() {
    sc.createCluster();
    instances = List.of(sc.physicalId("Node1Instance"), sc.physicalId("Node2Instance"));
    volumes = List.of(sc.physicalId("Node1Volume"), sc.physicalId("Node2Volume"));
  }

  @Test
  void describeInstanceStatusTakesAHundredInstanceIds() {
    List<String> hundred = padded(instances, "i-", 100);
    assertThat(sc.sim.ec2().describeInstanceStatus(hundred))
        .extracting(Ec2Api.InstanceStatus::instanceId)
        .containsExactlyInAnyOrderElementsOf(instances);

    List<String> more = padded(instances, "i-", 101);
    assertThatThrownBy(() -> sc.sim.ec2().describeInstanceStatus(more))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo("InvalidRequest");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "101 exceeds the maximum number of instance IDs that can be specificied"
                          + " (100). Please specify fewer than 100 instance IDs.");
              assertThat(e.retryable()).isFalse();
            });
    // An id named twice is sent once.
    List<String> twice = new ArrayList<>(hundred);
    twice.add(hundred.get(0));
    assertThat(sc.sim.ec2().describeInstanceStatus(twice)).hasSize(2);
  }

  @Test
  void aVolumeIdFilterTakesTwoHundredValues() {
    String snapshot = sc.sim.ec2().createSnapshot(volumes.get(0), "before", Map.of());
    List<String> twoHundred = padded(volumes, "vol-", 200);
    assertThat(sc.sim.ec2().snapshotsOfVolumes(twoHundred))
        .extracting(Ec2Api.Snapshot::id)
        .containsExactly(snapshot);
    assertFilterLimit(() -> sc.sim.ec2().snapshotsOfVolumes(padded(volumes, "vol-", 201)));

    // DescribeVolumesModifications asks by the same filter.
    // (The volumes' modifications come from a grow.)
    assertThat(sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "150")))
        .isEqualTo(StackStatus.UPDATE_COMPLETE);
    sc.sleep(Duration.ofMinutes(1));
    assertThat(sc.sim.ec2().describeVolumesModifications(twoHundred))
        .extracting(Ec2Api.VolumeModification::volumeId)
        .containsExactlyInAnyOrderElementsOf(volumes);
    assertFilterLimit(
        () -> sc.sim.ec2().describeVolumesModifications(padded(volumes, "vol-", 201)));
  }

  @Test
  void tagFiltersCountOneValueEach() {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      tags.put("k" + i, "v");
    }
    assertThat(sc.sim.ec2().findSnapshots(tags)).isEmpty();
    tags.put("k200", "v");
    assertFilterLimit(() -> sc.sim.ec2().findSnapshots(tags));
  }

  @Test
  void createTagsTakesAThousandResourcesAndTagsNoneOfMore() {
    List<String> snapshots = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      String id = "snap-" + String.format("%017d", i);
      sc.sim.ec2().addSnapshot(id, 10, Map.of(), "data");
      snapshots.add(id);
    }
    assertThatThrownBy(() -> sc.sim.ec2().createTags(snapshots, Map.of("set", "a")))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ResourceCountExceeded");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "You have exceeded the number of resources allowed in a single call of"
                          + " this type");
            });
    assertThat(sc.sim.ec2().describeSnapshots(snapshots))
        .allSatisfy(s -> assertThat(s.tags()).doesNotContainKey("set"));

    sc.sim.ec2().createTags(snapshots.subList(0, 1000), Map.of("set", "a"));
    assertThat(sc.sim.ec2().findSnapshots(Map.of("set", "a"))).hasSize(1000);
  }

  private static void assertFilterLimit(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo("FilterLimitExceeded");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "The maximum number of filter values specified on a single call is 200");
            });
  }

  /** {@code real} and then ids that exist nowhere, {@code size} in all. */
  private static List<String> padded(List<String> real, String prefix, int size) {
    List<String> out = new ArrayList<>(real);
    for (int i = out.size(); i < size; i++) {
      out.add(prefix + String.format("%017x", 0xabc000L + i));
    }
    return out;
  }
}
