package dev.statefulcluster.ops.core;

import dev.statefulcluster.cloud.Ec2Api;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@link Ec2Api} split into requests EC2 accepts (docs/aws-facts.md, "Per-call limits"): a call
 * naming more ids than one request may name is made once per chunk, each id once, and the answers
 * are put together. The documented limits: 100 instance ids a DescribeInstanceStatus, 200 filter
 * values a request (the volume-id filter of snapshotsOfVolumes and describeVolumesModifications),
 * 1,000 resources a CreateTags. Calls with no documented limit pass as they are.
 */
public final class ChunkedEc2 implements Ec2Api {
  static final int INSTANCE_STATUS_IDS = 100;
  static final int FILTER_VALUES = 200;
  static final int TAG_RESOURCES = 1000;

  private final Ec2Api inner;

  public ChunkedEc2(Ec2Api inner) {
    this.inner = inner;
  }

  @Override
  public List<InstanceStatus> describeInstanceStatus(Collection<String> instanceIds) {
    return chunked(instanceIds, INSTANCE_STATUS_IDS, inner::describeInstanceStatus);
  }

  @Override
  public List<Snapshot> snapshotsOfVolumes(Collection<String> volumeIds) {
    return chunked(volumeIds, FILTER_VALUES, inner::snapshotsOfVolumes);
  }

  @Override
  public List<VolumeModification> describeVolumesModifications(Collection<String> volumeIds) {
    return chunked(volumeIds, FILTER_VALUES, inner::describeVolumesModifications);
  }

  @Override
  public void createTags(Collection<String> resourceIds, Map<String, String> tags) {
    for (List<String> chunk : chunks(resourceIds, TAG_RESOURCES)) {
      inner.createTags(chunk, tags);
    }
  }

  /**
   * Each chunk is its own request: when one fails the earlier ones stand (tags are idempotent,
   * describes read only), and the caller's retry asks again for all.
   */
  private static <T> List<T> chunked(
      Collection<String> ids, int size, Function<List<String>, List<T>> call) {
    List<List<String>> chunks = chunks(ids, size);
    if (chunks.size() == 1) {
      return call.apply(chunks.get(0));
    }
    List<T> out = new ArrayList<>();
    for (List<String> chunk : chunks) {
      out.addAll(call.apply(chunk));
    }
    return out;
  }

  /** The distinct ids in order, {@code size} at most a chunk; one chunk (maybe empty) at least. */
  public static List<List<String>> chunks(Collection<String> ids, int size) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
    if (distinct.size() <= size) {
      return List.of(distinct);
    }
    List<List<String>> out = new ArrayList<>();
    for (int from = 0; from < distinct.size(); from += size) {
      out.add(distinct.subList(from, Math.min(distinct.size(), from + size)));
    }
    return out;
  }

  // ---- no documented per-request limit: as they are ----

  @Override
  public List<Subnet> describeSubnets(Collection<String> subnetIds) {
    return inner.describeSubnets(subnetIds);
  }

  @Override
  public List<Vpc> describeVpcs(Collection<String> vpcIds) {
    return inner.describeVpcs(vpcIds);
  }

  @Override
  public List<Image> describeImages(Collection<String> imageIds) {
    return inner.describeImages(imageIds);
  }

  @Override
  public List<String> describeKeyPairs(Collection<String> keyNames) {
    return inner.describeKeyPairs(keyNames);
  }

  @Override
  public List<SecurityGroup> describeSecurityGroups(Collection<String> groupIds) {
    return inner.describeSecurityGroups(groupIds);
  }

  @Override
  public List<Snapshot> describeSnapshots(Collection<String> snapshotIds) {
    return inner.describeSnapshots(snapshotIds);
  }

  /** Tag filters are ANDed: they cannot be split, and a cluster's are a handful. */
  @Override
  public List<Snapshot> findSnapshots(Map<String, String> tags) {
    return inner.findSnapshots(tags);
  }

  @Override
  public String createSnapshot(String volumeId, String description, Map<String, String> tags) {
    return inner.createSnapshot(volumeId, description, tags);
  }

  @Override
  public List<Volume> describeVolumes(Collection<String> volumeIds) {
    return inner.describeVolumes(volumeIds);
  }

  @Override
  public List<Instance> describeInstances(Collection<String> instanceIds) {
    return inner.describeInstances(instanceIds);
  }

  @Override
  public List<InstanceType> describeInstanceTypes(Collection<String> names) {
    return inner.describeInstanceTypes(names);
  }

  @Override
  public List<NetworkInterface> describeNetworkInterfaces(Collection<String> interfaceIds) {
    return inner.describeNetworkInterfaces(interfaceIds);
  }

  @Override
  public String getConsoleOutput(String instanceId, boolean latest) {
    return inner.getConsoleOutput(instanceId, latest);
  }
}
