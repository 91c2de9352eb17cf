package dev.statefulcluster.cloud.aws;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * {@link Ec2Api} on EC2. A describe call by ids fails as a whole when one id does not exist; then
 * each id is asked on its own and only the ones that exist are returned, as the port promises.
 */
final class AwsEc2Api implements Ec2Api {

  private final Supplier<Ec2Client> client;
  private final AwsErrors errors;

  AwsEc2Api(Supplier<Ec2Client> client, AwsErrors errors) {
    this.client = client;
    this.errors = errors;
  }

  private Ec2Client ec2() {
    return client.get();
  }

  @Override
  public List<Subnet> describeSubnets(Collection<String> subnetIds) {
    return existing(
        subnetIds,
        Set.of("InvalidSubnetID.NotFound", "InvalidSubnetID.Malformed"),
        ids -> ec2().describeSubnetsPaginator(r -> r.subnetIds(ids)).subnets().stream().toList(),
        Ec2Mapping::subnet);
  }

  @Override
  public List<Vpc> describeVpcs(Collection<String> vpcIds) {
    return existing(
        vpcIds,
        Set.of("InvalidVpcID.NotFound", "InvalidVpcID.Malformed"),
        ids -> ec2().describeVpcsPaginator(r -> r.vpcIds(ids)).vpcs().stream().toList(),
        v -> new Vpc(v.vpcId(), v.cidrBlock()));
  }

  @Override
  public List<Image> describeImages(Collection<String> imageIds) {
    return existing(
        imageIds,
        Set.of("InvalidAMIID.NotFound", "InvalidAMIID.Malformed", "InvalidAMIID.Unavailable"),
        ids -> ec2().describeImagesPaginator(r -> r.imageIds(ids)).images().stream().toList(),
        Ec2Mapping::image);
  }

  @Override
  public List<String> describeKeyPairs(Collection<String> keyNames) {
    return existing(
        keyNames,
        Set.of("InvalidKeyPair.NotFound"),
        names -> ec2().describeKeyPairs(r -> r.keyNames(names)).keyPairs(),
        KeyPairInfo::keyName);
  }

  @Override
  public List<SecurityGroup> describeSecurityGroups(Collection<String> groupIds) {
    return existing(
        groupIds,
        Set.of("InvalidGroup.NotFound", "InvalidGroupId.Malformed"),
        ids ->
            ec2().describeSecurityGroupsPaginator(r -> r.groupIds(ids)).securityGroups().stream()
                .toList(),
        g -> new SecurityGroup(g.groupId(), g.vpcId(), g.groupName()));
  }

  @Override
  public List<Snapshot> describeSnapshots(Collection<String> snapshotIds) {
    return existing(
        snapshotIds,
        Set.of("InvalidSnapshot.NotFound", "InvalidSnapshotID.Malformed"),
        ids ->
            ec2().describeSnapshotsPaginator(r -> r.snapshotIds(ids)).snapshots().stream().toList(),
        Ec2Mapping::snapshot);
  }

  @Override
  public List<Snapshot> findSnapshots(Map<String, String> tags) {
    List<Filter> filters = new ArrayList<>();
    new TreeMap<>(tags)
        .forEach((k, v) -> filters.add(Filter.builder().name("tag:" + k).values(v).build()));
    var snapshots =
        errors.call(
            () ->
                ec2()
                    .describeSnapshotsPaginator(r -> r.ownerIds("self").filters(filters))
                    .snapshots()
                    .stream()
                    .toList());
    return snapshots.stream().map(Ec2Mapping::snapshot).toList();
  }

  @Override
  public List<Snapshot> snapshotsOfVolumes(Collection<String> volumeIds) {
    List<String> ids = distinct(volumeIds);
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Snapshot> out = new ArrayList<>();
    for (List<String> batch : batches(ids)) {
      Filter byVolume = Filter.builder().name("volume-id").values(batch).build();
      var snapshots =
          errors.call(
              () ->
                  ec2()
                      .describeSnapshotsPaginator(r -> r.ownerIds("self").filters(byVolume))
                      .snapshots()
                      .stream()
                      .toList());
      snapshots.stream().map(Ec2Mapping::snapshot).forEach(out::add);
    }
    return out;
  }

  @Override
  public void createTags(Collection<String> resourceIds, Map<String, String> tags) {
    List<String> ids = distinct(resourceIds);
    if (ids.isEmpty() || tags.isEmpty()) {
      return;
    }
    List<Tag> tagList = new ArrayList<>();
    new TreeMap<>(tags).forEach((k, v) -> tagList.add(Tag.builder().key(k).value(v).build()));
    for (List<String> batch : batches(ids)) {
      errors.call(() -> ec2().createTags(r -> r.resources(batch).tags(tagList)));
    }
  }

  @Override
  public String createSnapshot(String volumeId, String description, Map<String, String> tags) {
    List<Tag> tagList = new ArrayList<>();
    new TreeMap<>(tags).forEach((k, v) -> tagList.add(Tag.builder().key(k).value(v).build()));
    return errors.call(
        () ->
            ec2()
                .createSnapshot(
                    r -> {
                      r.volumeId(volumeId).description(description);
                      if (!tagList.isEmpty()) {
                        r.tagSpecifications(
                            TagSpecification.builder()
                                .resourceType(ResourceType.SNAPSHOT)
                                .tags(tagList)
                                .build());
                      }
                    })
                .snapshotId());
  }

  @Override
  public List<Volume> describeVolumes(Collection<String> volumeIds) {
    return existing(
        volumeIds,
        Set.of("InvalidVolume.NotFound", "InvalidVolumeID.Malformed"),
        ids -> ec2().describeVolumesPaginator(r -> r.volumeIds(ids)).volumes().stream().toList(),
        Ec2Mapping::volume);
  }

  /**
   * By a volume-id filter rather than VolumeIds: with ids, EC2 fails the whole call with
   * InvalidVolumeModification.NotFound as soon as one volume was never modified, the usual case. A
   * filter just leaves such volumes out.
   */
  @Override
  public List<VolumeModification> describeVolumesModifications(Collection<String> volumeIds) {
    List<String> ids = distinct(volumeIds);
    if (ids.isEmpty()) {
      return List.of();
    }
    List<VolumeModification> out = new ArrayList<>();
    for (List<String> batch : batches(ids)) {
      Filter byVolume = Filter.builder().name("volume-id").values(batch).build();
      var modifications =
          errors.call(
              () ->
                  ec2()
                      .describeVolumesModificationsPaginator(r -> r.filters(byVolume))
                      .volumesModifications()
                      .stream()
                      .toList());
      modifications.stream()
          .filter(m -> m.modificationState() != null) // "never modified" entries, if AWS sends any
          .map(Ec2Mapping::modification)
          .forEach(out::add);
    }
    return out;
  }

  @Override
  public List<Instance> describeInstances(Collection<String> instanceIds) {
    return existing(
        instanceIds,
        Set.of("InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed"),
        ids ->
            ec2().describeInstancesPaginator(r -> r.instanceIds(ids)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .toList(),
        Ec2Mapping::instance);
  }

  /**
   * IncludeAllInstances, or EC2 leaves out every instance that is not running: a stopped node would
   * look like one EC2 does not know. At most 100 ids per call; a stack holds at most 65 nodes.
   */
  @Override
  public List<InstanceStatus> describeInstanceStatus(Collection<String> instanceIds) {
    return existing(
        instanceIds,
        Set.of("InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed"),
        ids ->
            ec2()
                .describeInstanceStatusPaginator(r -> r.instanceIds(ids).includeAllInstances(true))
                .instanceStatuses()
                .stream()
                .toList(),
        Ec2Mapping::instanceStatus);
  }

  @Override
  public List<InstanceType> describeInstanceTypes(Collection<String> names) {
    return existing(
        names,
        Set.of("InvalidInstanceType"),
        ids ->
            ec2()
                .describeInstanceTypesPaginator(r -> r.instanceTypesWithStrings(ids))
                .instanceTypes()
                .stream()
                .toList(),
        Ec2Mapping::instanceType);
  }

  @Override
  public List<NetworkInterface> describeNetworkInterfaces(Collection<String> interfaceIds) {
    return existing(
        interfaceIds,
        Set.of("InvalidNetworkInterfaceID.NotFound", "InvalidNetworkInterfaceID.Malformed"),
        ids ->
            ec2()
                .describeNetworkInterfacesPaginator(r -> r.networkInterfaceIds(ids))
                .networkInterfaces()
                .stream()
                .toList(),
        Ec2Mapping::networkInterface);
  }

  @Override
  public String getConsoleOutput(String instanceId, boolean latest) {
    String output =
        errors.call(
            () -> ec2().getConsoleOutput(r -> r.instanceId(instanceId).latest(latest)).output());
    if (output == null || output.isEmpty()) {
      return "";
    }
    // The MIME decoder skips the line breaks EC2 may put inside the base64 text.
    return new String(Base64.getMimeDecoder().decode(output), StandardCharsets.UTF_8);
  }

  /**
   * Describes {@code ids}; when EC2 answers one of {@code notFound} for the batch, asks id by id
   * and keeps the ones that exist. No ids, no call: EC2 would describe everything.
   */
  private <S, T> List<T> existing(
      Collection<String> ids,
      Set<String> notFound,
      Function<List<String>, List<S>> describe,
      Function<S, T> map) {
    List<String> wanted = distinct(ids);
    if (wanted.isEmpty()) {
      return List.of();
    }
    List<S> found = new ArrayList<>();
    try {
      found.addAll(errors.call(() -> describe.apply(wanted)));
    } catch (CloudException e) {
      if (!notFound.contains(e.code())) {
        throw e;
      }
      if (wanted.size() > 1) {
        for (String id : wanted) {
          found.addAll(existing(List.of(id), notFound, describe, s -> s));
        }
      }
    }
    return found.stream().map(map).toList();
  }

  /**
   * Ids in requests of at most {@link #BATCH}: a 1,000-node cluster's volumes in one filter or one
   * CreateTags would sit at or past EC2's limits (CreateTags takes up to 1,000 resource ids and AWS
   * recommends smaller batches), and one failed request then retries less.
   */
  static List<List<String>> batches(List<String> ids) {
    List<List<String>> out = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += BATCH) {
      out.add(ids.subList(from, Math.min(ids.size(), from + BATCH)));
    }
    return out;
  }

  static final int BATCH = 200;

  private static List<String> distinct(Collection<String> ids) {
    return List.copyOf(new LinkedHashSet<>(ids));
  }
}
