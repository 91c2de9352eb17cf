package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operations' EC2 calls go out in requests EC2 accepts: past a documented per-request limit
 * (which the model refuses, as EC2 does) a call is split, each id asked once, the answers joined.
 */
class ChunkedEc2Test {
  final SimWorld world = new SimWorld();
  final List<String> instances = new ArrayList<>();
  final List<String> volumes = new ArrayList<>();
  Map<String, Integer> before;

  @BeforeEach
  void cluster() throws Exception {
    world.deploy(SimWorld.counted("small", 3, ""));
    for (StackResource r : world.sim.stacks().listStackResources("small")) {
      if (r.resourceType().equals("AWS::EC2::Instance")) {
        instances.add(r.physicalId());
      } else if (r.resourceType().equals("AWS::EC2::Volume")) {
        volumes.add(r.physicalId());
      }
    }
    before = new HashMap<>(world.sim.calls());
  }

  @Test
  void instanceStatusGoesAHundredIdsARequestEachIdOnce() {
    List<String> ids = padded(instances, "i-", 250);
    ids.addAll(instances); // named twice, asked once

    List<Ec2Api.InstanceStatus> statuses = world.cloud.ec2().describeInstanceStatus(ids);

    assertThat(statuses)
        .extracting(Ec2Api.InstanceStatus::instanceId)
        .containsExactlyInAnyOrderElementsOf(instances);
    assertThat(made("DescribeInstanceStatus")).isEqualTo(3);
    // Within the limit: one request.
    world.cloud.ec2().describeInstanceStatus(padded(instances, "i-", 100));
    assertThat(made("DescribeInstanceStatus")).isEqualTo(4);
  }

  @Test
  void volumeIdFiltersGoTwoHundredValuesARequest() throws Exception {
    String snapshot = world.cloud.ec2().createSnapshot(volumes.get(0), "test", Map.of());

    assertThat(world.cloud.ec2().snapshotsOfVolumes(padded(volumes, "vol-", 401)))
        .extracting(Ec2Api.Snapshot::id)
        .containsExactly(snapshot);
    assertThat(made("DescribeSnapshots")).isEqualTo(3);
    assertThat(world.cloud.ec2().describeVolumesModifications(padded(volumes, "vol-", 201)))
        .isEmpty();
    assertThat(made("DescribeVolumesModifications")).isEqualTo(2);
  }

  @Test
  void createTagsGoesAThousandResourcesARequest() {
    List<String> snapshots = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      String id = "snap-" + String.format("%017d", i);
      world.sim.ec2().addSnapshot(id, 10, Map.of(), "data");
      snapshots.add(id);
    }

    world.cloud.ec2().createTags(snapshots, Map.of("set", "s1"));

    assertThat(world.sim.ec2().findSnapshots(Map.of("set", "s1"))).hasSize(1500);
    assertThat(made("CreateTags")).isEqualTo(2);
  }

  private int made(String api) {
    return world.sim.calls().getOrDefault(api, 0) - before.getOrDefault(api, 0);
  }

  private static List<String> padded(List<String> real, String prefix, int size) {
    List<String> out = new ArrayList<>(real);
    for (int i = out.size(); i < size; i++) {
      out.add(prefix + String.format("%017x", 0xfee000L + i));
    }
    return out;
  }
}
