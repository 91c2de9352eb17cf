package dev.statefulcluster.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.Ec2Api.Image;
import dev.statefulcluster.cloud.Ec2Api.Instance;
import dev.statefulcluster.cloud.Ec2Api.InstanceStatus;
import dev.statefulcluster.cloud.Ec2Api.InstanceType;
import dev.statefulcluster.cloud.Ec2Api.NetworkInterface;
import dev.statefulcluster.cloud.Ec2Api.ScheduledEvent;
import dev.statefulcluster.cloud.Ec2Api.SecurityGroup;
import dev.statefulcluster.cloud.Ec2Api.Snapshot;
import dev.statefulcluster.cloud.Ec2Api.Subnet;
import dev.statefulcluster.cloud.Ec2Api.Volume;
import dev.statefulcluster.cloud.Ec2Api.VolumeModification;
import dev.statefulcluster.cloud.Ec2Api.Vpc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each EC2 call against the stub: what the SDK sent, and how the answer maps. */
class AwsEc2ApiTest {

  private static final String KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/6876fb1b-example";
  private static final Subnet SUBNET_A =
      new Subnet("subnet-0aaaaaaaaaaaaaaa1", "vpc-0a1b2c3d4e5f60718", "eu-west-1a", "10.0.1.0/24");
  private static final Subnet SUBNET_B =
      new Subnet("subnet-0bbbbbbbbbbbbbbb2", "vpc-0a1b2c3d4e5f60718", "eu-west-1b", "10.0.2.0/24");

  private AwsStub stub;
  private AwsCloud cloud;
  private Ec2Api ec2;

  @BeforeEach
  void start() {
    stub = AwsStub.start();
    cloud = stub.cloud();
    ec2 = cloud.ec2();
  }

  @AfterEach
  void stop() {
    cloud.close();
    stub.close();
  }

  @Test
  void describeSubnetsSendsTheIdsAndMapsTheAnswer() {
    stub.reply("ec2-describe-subnets.xml");

    List<Subnet> subnets =
        ec2.describeSubnets(List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"));

    var request = stub.onlyRequest();
    assertThat(request.params())
        .containsEntry("Action", "DescribeSubnets")
        .containsEntry("Version", "2016-11-15")
        .containsEntry("SubnetId.1", "subnet-0aaaaaaaaaaaaaaa1")
        .containsEntry("SubnetId.2", "subnet-0bbbbbbbbbbbbbbb2");
    assertThat(request.header("Authorization")).contains("/eu-west-1/ec2/aws4_request");
    assertThat(subnets).containsExactly(SUBNET_A, SUBNET_B);
  }

  @Test
  void describeSubnetsAsksIdByIdWhenOneDoesNotExist() {
    stub.reply(400, "ec2-error-subnet-not-found.xml")
        .reply("ec2-describe-subnets-a.xml")
        .reply(400, "ec2-error-subnet-not-found.xml")
        .reply("ec2-describe-subnets-b.xml");

    List<Subnet> subnets =
        ec2.describeSubnets(
            List.of(
                "subnet-0aaaaaaaaaaaaaaa1",
                "subnet-0ccccccccccccccc3",
                "subnet-0bbbbbbbbbbbbbbb2"));

    assertThat(subnets).containsExactly(SUBNET_A, SUBNET_B);
    var requests = stub.requests();
    assertThat(requests).hasSize(4);
    assertThat(requests.get(0).params()).containsKeys("SubnetId.1", "SubnetId.2", "SubnetId.3");
    assertThat(requests.subList(1, 4))
        .extracting(r -> r.params().get("SubnetId.1"))
        .containsExactly(
            "subnet-0aaaaaaaaaaaaaaa1", "subnet-0ccccccccccccccc3", "subnet-0bbbbbbbbbbbbbbb2");
    assertThat(requests.subList(1, 4))
        .allSatisfy(r -> assertThat(r.params()).doesNotContainKey("SubnetId.2"));
  }

  @Test
  void noIdsMeansNoCall() {
    // DescribeSubnets without ids would describe every subnet of the account.
    assertThat(ec2.describeSubnets(List.of())).isEmpty();
    assertThat(ec2.describeInstances(List.of())).isEmpty();
    assertThat(ec2.describeInstanceStatus(List.of())).isEmpty();
    assertThat(ec2.describeVolumesModifications(List.of())).isEmpty();
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void repeatedIdsAreAskedOnce() {
    stub.reply("ec2-describe-subnets-a.xml");

    ec2.describeSubnets(List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa1"));

    assertThat(stub.onlyRequest().params())
        .containsEntry("SubnetId.1", "subnet-0aaaaaaaaaaaaaaa1")
        .doesNotContainKey("SubnetId.2");
  }

  static Stream<Arguments> notFoundCodes() {
    Function<Ec2Api, List<?>> subnets = e -> e.describeSubnets(List.of("subnet-1"));
    Function<Ec2Api, List<?>> vpcs = e -> e.describeVpcs(List.of("vpc-1"));
    Function<Ec2Api, List<?>> images = e -> e.describeImages(List.of("ami-1"));
    Function<Ec2Api, List<?>> keys = e -> e.describeKeyPairs(List.of("nobody"));
    Function<Ec2Api, List<?>> groups = e -> e.describeSecurityGroups(List.of("sg-1"));
    Function<Ec2Api, List<?>> snapshots = e -> e.describeSnapshots(List.of("snap-1"));
    Function<Ec2Api, List<?>> volumes = e -> e.describeVolumes(List.of("vol-1"));
    Function<Ec2Api, List<?>> instances = e -> e.describeInstances(List.of("i-1"));
    Function<Ec2Api, List<?>> interfaces = e -> e.describeNetworkInterfaces(List.of("eni-1"));
    Function<Ec2Api, List<?>> statuses = e -> e.describeInstanceStatus(List.of("i-1"));
    return Stream.of(
        Arguments.of("InvalidSubnetID.NotFound", subnets),
        Arguments.of("InvalidSubnetID.Malformed", subnets),
        Arguments.of("InvalidVpcID.NotFound", vpcs),
        Arguments.of("InvalidAMIID.NotFound", images),
        Arguments.of("InvalidAMIID.Malformed", images),
        Arguments.of("InvalidKeyPair.NotFound", keys),
        Arguments.of("InvalidGroup.NotFound", groups),
        Arguments.of("InvalidSnapshot.NotFound", snapshots),
        Arguments.of("InvalidVolume.NotFound", volumes),
        Arguments.of("InvalidInstanceID.NotFound", instances),
        Arguments.of("InvalidNetworkInterfaceID.NotFound", interfaces),
        Arguments.of("InvalidInstanceID.NotFound", statuses),
        Arguments.of("InvalidInstanceID.Malformed", statuses));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notFoundCodes")
  void aMissingIdIsAbsentFromTheAnswer(String code, Function<Ec2Api, List<?>> call) {
    stub.replyBody(400, ec2Error(code, "The ID does not exist"));

    assertThat(call.apply(ec2)).isEmpty();
    assertThat(stub.requests()).hasSize(1);
  }

  @Test
  void aNotFoundOfAnotherKindIsAnError() {
    // Asking for subnets, EC2 would never say an AMI is missing; if it did, that is news.
    stub.replyBody(400, ec2Error("InvalidAMIID.NotFound", "The image id '[ami-1]' does not exist"));

    assertThatThrownBy(() -> ec2.describeSubnets(List.of("subnet-1")))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidAMIID.NotFound"));
  }

  @Test
  void otherErrorsOfADescribeAreNotNarrowedDown() {
    stub.reply(403, "ec2-error-unauthorized.xml");

    assertThatThrownBy(() -> ec2.describeSubnets(List.of("subnet-1", "subnet-2")))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo("UnauthorizedOperation");
              assertThat(e.getMessage()).contains("not authorized to perform: ec2:DescribeSubnets");
              assertThat(e.retryable()).isFalse();
            });
    assertThat(stub.requests()).hasSize(1);
  }

  @Test
  void describeVpcs() {
    stub.reply("ec2-describe-vpcs.xml");

    List<Vpc> vpcs = ec2.describeVpcs(List.of("vpc-0a1b2c3d4e5f60718"));

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "DescribeVpcs")
        .containsEntry("VpcId.1", "vpc-0a1b2c3d4e5f60718");
    assertThat(vpcs).containsExactly(new Vpc("vpc-0a1b2c3d4e5f60718", "10.0.0.0/16"));
  }

  @Test
  void describeImages() {
    stub.reply("ec2-describe-images.xml");

    List<Image> images =
        ec2.describeImages(List.of("ami-0abcdef1234567890", "ami-0fedcba9876543210"));

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "DescribeImages")
        .containsEntry("ImageId.1", "ami-0abcdef1234567890")
        .containsEntry("ImageId.2", "ami-0fedcba9876543210")
        .doesNotContainKey("Owner.1");
    assertThat(images)
        .containsExactly(
            new Image(
                "ami-0abcdef1234567890",
                "al2023-ami-2023.4.20240319.1-kernel-6.1-x86_64",
                "available",
                "x86_64",
                "/dev/xvda",
                true,
                "uefi-preferred"),
            new Image(
                "ami-0fedcba9876543210", "kafka-node-arm64", "pending", "arm64", "/dev/sda1"));
  }

  @Test
  void describeInstanceTypesByName() {
    stub.reply("ec2-describe-instance-types.xml");

    List<InstanceType> types =
        ec2.describeInstanceTypes(List.of("m6i.large", "m7g.large", "t2.micro"));

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "DescribeInstanceTypes")
        .containsEntry("InstanceType.1", "m6i.large")
        .containsEntry("InstanceType.2", "m7g.large")
        .containsEntry("InstanceType.3", "t2.micro");
    assertThat(types)
        .containsExactly(
            new InstanceType(
                "m6i.large",
                List.of("x86_64"),
                "required",
                List.of("legacy-bios", "uefi"),
                true,
                "nitro"),
            // EC2 did not say: not assumed either way
            new InstanceType(
                "m7g.large", List.of("arm64"), "required", List.of("uefi"), null, null),
            new InstanceType(
                "t2.micro",
                List.of("i386", "x86_64"),
                "unsupported",
                List.of("legacy-bios"),
                true,
                "xen"));
    assertThat(types)
        .extracting(InstanceType::latestConsole)
        .as("GetConsoleOutput's Latest: Nitro only")
        .containsExactly(true, false, false);
  }

  @Test
  void anUnknownInstanceTypeIsAbsentFromTheAnswer() {
    stub.replyBody(
        400,
        ec2Error(
            "InvalidInstanceType",
            "The following supplied instance types" + " do not exist: [m6i.huge]"));

    assertThat(ec2.describeInstanceTypes(List.of("m6i.huge"))).isEmpty();
  }

  @Test
  void describeNetworkInterfacesSaysWhoHoldsEachAndItsAddress() {
    stub.reply("ec2-describe-network-interfaces.xml");

    List<NetworkInterface> interfaces =
        ec2.describeNetworkInterfaces(List.of("eni-0f7db0a3c5d9e8f21", "eni-0a9b8c7d6e5f40312"));

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "DescribeNetworkInterfaces")
        .containsEntry("NetworkInterfaceId.1", "eni-0f7db0a3c5d9e8f21")
        .containsEntry("NetworkInterfaceId.2", "eni-0a9b8c7d6e5f40312");
    assertThat(interfaces)
        .containsExactly(
            new NetworkInterface(
                "eni-0f7db0a3c5d9e8f21", "in-use", "i-0123456789abcdef0", "10.0.1.10"),
            new NetworkInterface("eni-0a9b8c7d6e5f40312", "available", null, "10.0.2.10"));
  }

  @Test
  void describeKeyPairsByName() {
    stub.reply("ec2-describe-key-pairs.xml");

    List<String> names = ec2.describeKeyPairs(List.of("ops-2024"));

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "DescribeKeyPairs")
        .containsEntry("KeyName.1", "ops-2024");
    assertThat(names).containsExactly("ops-2024");
  }

  @Test
  void describeSecurityGroups() {
    stub.reply("ec2-describe-security-groups.xml");

    List<SecurityGroup> groups = ec2.describeSecurityGroups(List.of("sg-0123456789abcdef0"));

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "DescribeSecurityGroups")
        .containsEntry("GroupId.1", "sg-0123456789abcdef0");
    assertThat(groups)
        .containsExactly(
            new SecurityGroup(
                "sg-0123456789abcdef0", "vpc-0a1b2c3d4e5f60718", "kafka-prod-cluster"));
  }

  @Test
  void describeSnapshotsFollowsPages() {
    stub.reply("ec2-describe-snapshots-page1.xml").reply("ec2-describe-snapshots-page2.xml");

    List<Snapshot> snapshots =
        ec2.describeSnapshots(List.of("snap-01234567890abcdef", "snap-0fedcba9876543210"));

    var requests = stub.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).params())
        .containsEntry("Action", "DescribeSnapshots")
        .containsEntry("SnapshotId.1", "snap-01234567890abcdef")
        .containsEntry("SnapshotId.2", "snap-0fedcba9876543210")
        .doesNotContainKey("NextToken");
    assertThat(requests.get(1).params())
        .containsEntry("NextToken", "snapshots-page-2")
        .containsEntry("SnapshotId.1", "snap-01234567890abcdef");
    assertThat(snapshots).containsExactly(snapshotOne(), snapshotTwo());
  }

  @Test
  void findSnapshotsOwnedByThisAccountWithEveryTag() {
    stub.reply("ec2-describe-snapshots-page1.xml").reply("ec2-describe-snapshots-page2.xml");
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("stateful-cluster:node", "1");
    tags.put("stateful-cluster:cluster", "kafka-prod");

    List<Snapshot> snapshots = ec2.findSnapshots(tags);

    assertThat(stub.requests().get(0).params())
        .containsEntry("Action", "DescribeSnapshots")
        .containsEntry("Owner.1", "self")
        .containsEntry("Filter.1.Name", "tag:stateful-cluster:cluster")
        .containsEntry("Filter.1.Value.1", "kafka-prod")
        .containsEntry("Filter.2.Name", "tag:stateful-cluster:node")
        .containsEntry("Filter.2.Value.1", "1")
        .doesNotContainKey("SnapshotId.1");
    assertThat(stub.requests().get(1).params())
        .containsEntry("NextToken", "snapshots-page-2")
        .containsEntry("Filter.2.Name", "tag:stateful-cluster:node");
    assertThat(snapshots).containsExactly(snapshotOne(), snapshotTwo());
  }

  @Test
  void snapshotsOfVolumesFilterByVolumeIdAndFollowPages() {
    stub.reply("ec2-describe-snapshots-page1.xml").reply("ec2-describe-snapshots-page2.xml");

    List<Snapshot> snapshots =
        ec2.snapshotsOfVolumes(
            List.of("vol-0123456789abcdef0", "vol-0fedcba9876543210", "vol-0123456789abcdef0"));

    assertThat(stub.requests()).hasSize(2);
    assertThat(stub.requests().get(0).params())
        .containsEntry("Action", "DescribeSnapshots")
        .containsEntry("Owner.1", "self")
        .containsEntry("Filter.1.Name", "volume-id")
        .containsEntry("Filter.1.Value.1", "vol-0123456789abcdef0")
        .containsEntry("Filter.1.Value.2", "vol-0fedcba9876543210")
        .doesNotContainKey("Filter.1.Value.3")
        .doesNotContainKey("Filter.2.Name")
        .doesNotContainKey("SnapshotId.1")
        .doesNotContainKey("NextToken");
    assertThat(stub.requests().get(1).params())
        .containsEntry("NextToken", "snapshots-page-2")
        .containsEntry("Filter.1.Name", "volume-id");
    assertThat(snapshots).containsExactly(snapshotOne(), snapshotTwo());
  }

  @Test
  void snapshotsOfManyVolumesAreAskedForInBatchesOf200() {
    stub.reply("ec2-describe-snapshots-page2.xml")
        .reply("ec2-describe-snapshots-page2.xml")
        .reply("ec2-describe-snapshots-page2.xml");
    List<String> volumes = new ArrayList<>();
    for (int i = 0; i < 450; i++) {
      volumes.add(String.format("vol-%017x", i));
    }

    List<Snapshot> snapshots = ec2.snapshotsOfVolumes(volumes);

    assertThat(stub.requests()).hasSize(3);
    assertThat(stub.requests().get(0).params())
        .containsEntry("Filter.1.Value.1", volumes.get(0))
        .containsEntry("Filter.1.Value.200", volumes.get(199))
        .doesNotContainKey("Filter.1.Value.201");
    assertThat(stub.requests().get(1).params())
        .containsEntry("Filter.1.Value.1", volumes.get(200))
        .containsEntry("Filter.1.Value.200", volumes.get(399));
    assertThat(stub.requests().get(2).params())
        .containsEntry("Filter.1.Value.1", volumes.get(400))
        .containsEntry("Filter.1.Value.50", volumes.get(449))
        .doesNotContainKey("Filter.1.Value.51");
    assertThat(snapshots).containsExactly(snapshotTwo(), snapshotTwo(), snapshotTwo());
  }

  @Test
  void snapshotsOfNoVolumesMakeNoCall() {
    assertThat(ec2.snapshotsOfVolumes(List.of())).isEmpty();
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void createTagsSendsEveryResourceAndTag() {
    stub.reply("ec2-create-tags.xml");
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("stateful-cluster:snapshot-set", "kafka-prod-final-20240301-110000");
    tags.put("stateful-cluster:node", "node1");

    ec2.createTags(List.of("snap-01234567890abcdef", "snap-0fedcba9876543210"), tags);

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "CreateTags")
        .containsEntry("ResourceId.1", "snap-01234567890abcdef")
        .containsEntry("ResourceId.2", "snap-0fedcba9876543210")
        .containsEntry("Tag.1.Key", "stateful-cluster:node")
        .containsEntry("Tag.1.Value", "node1")
        .containsEntry("Tag.2.Key", "stateful-cluster:snapshot-set")
        .containsEntry("Tag.2.Value", "kafka-prod-final-20240301-110000");
  }

  @Test
  void createTagsOnAMissingSnapshotIsAnError() {
    stub.replyBody(
        400,
        ec2Error(
            "InvalidSnapshot.NotFound", "The snapshot 'snap-01234567890abcdef' does not exist."));

    assertThatThrownBy(() -> ec2.createTags(List.of("snap-01234567890abcdef"), Map.of("k", "v")))
        .isInstanceOf(CloudException.class)
        .extracting(e -> ((CloudException) e).code())
        .isEqualTo("InvalidSnapshot.NotFound");
  }

  @Test
  void createSnapshotTagsItAtCreation() {
    stub.reply("ec2-create-snapshot.xml");
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("stateful-cluster:node", "1");
    tags.put("stateful-cluster:cluster", "kafka-prod");

    String id = ec2.createSnapshot("vol-0123456789abcdef0", "kafka-prod node 1 before grow", tags);

    assertThat(id).isEqualTo("snap-0a1b2c3d4e5f60718");
    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "CreateSnapshot")
        .containsEntry("VolumeId", "vol-0123456789abcdef0")
        .containsEntry("Description", "kafka-prod node 1 before grow")
        .containsEntry("TagSpecification.1.ResourceType", "snapshot")
        .containsEntry("TagSpecification.1.Tag.1.Key", "stateful-cluster:cluster")
        .containsEntry("TagSpecification.1.Tag.1.Value", "kafka-prod")
        .containsEntry("TagSpecification.1.Tag.2.Key", "stateful-cluster:node")
        .containsEntry("TagSpecification.1.Tag.2.Value", "1");
  }

  @Test
  void createSnapshotWithoutTagsSendsNoTagSpecification() {
    stub.reply("ec2-create-snapshot.xml");

    ec2.createSnapshot("vol-0123456789abcdef0", "manual", Map.of());

    assertThat(stub.onlyRequest().params()).doesNotContainKey("TagSpecification.1.ResourceType");
  }

  @Test
  void describeVolumesFollowsPagesAndMapsAttachments() {
    stub.reply("ec2-describe-volumes-page1.xml").reply("ec2-describe-volumes-page2.xml");

    List<Volume> volumes =
        ec2.describeVolumes(List.of("vol-0123456789abcdef0", "vol-0fedcba9876543210"));

    assertThat(stub.requests().get(0).params())
        .containsEntry("Action", "DescribeVolumes")
        .containsEntry("VolumeId.1", "vol-0123456789abcdef0")
        .containsEntry("VolumeId.2", "vol-0fedcba9876543210");
    assertThat(stub.requests().get(1).params()).containsEntry("NextToken", "volumes-page-2");
    assertThat(volumes)
        .containsExactly(
            new Volume(
                "vol-0123456789abcdef0",
                "eu-west-1a",
                100,
                "gp3",
                6000,
                250,
                false,
                null,
                null, // <snapshotId/>: not made from a snapshot
                "in-use",
                List.of(new Volume.Attachment("i-0123456789abcdef0", "/dev/xvdh", "attached")),
                Map.of("stateful-cluster:node", "1")),
            new Volume(
                "vol-0fedcba9876543210",
                "eu-west-1b",
                500,
                "st1",
                null,
                null,
                true,
                KMS_KEY,
                "snap-01234567890abcdef",
                "available",
                List.of(),
                Map.of()));
  }

  @Test
  void describeVolumesModificationsFiltersByVolumeId() {
    stub.reply("ec2-describe-volumes-modifications.xml");

    List<VolumeModification> modifications =
        ec2.describeVolumesModifications(
            List.of("vol-0123456789abcdef0", "vol-0fedcba9876543210", "vol-0never000modified"));

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "DescribeVolumesModifications")
        .containsEntry("Filter.1.Name", "volume-id")
        .containsEntry("Filter.1.Value.1", "vol-0123456789abcdef0")
        .containsEntry("Filter.1.Value.2", "vol-0fedcba9876543210")
        .containsEntry("Filter.1.Value.3", "vol-0never000modified")
        .doesNotContainKey("VolumeId.1");
    assertThat(modifications)
        .containsExactly(
            new VolumeModification(
                "vol-0123456789abcdef0",
                "optimizing",
                null,
                200,
                6000,
                250,
                "gp3",
                100,
                3000,
                125,
                "gp2",
                42L,
                Instant.parse("2024-03-03T10:00:00Z"),
                null),
            new VolumeModification(
                "vol-0fedcba9876543210",
                "failed",
                "The volume could not be modified: IOPS exceed the maximum for the volume size.",
                500,
                null,
                null,
                "st1",
                500,
                null,
                null,
                "st1",
                0L,
                Instant.parse("2024-03-02T10:00:00Z"),
                Instant.parse("2024-03-02T10:00:05Z")));
  }

  @Test
  void describeInstancesFlattensReservations() {
    stub.reply("ec2-describe-instances.xml");

    List<Instance> instances =
        ec2.describeInstances(List.of("i-0123456789abcdef0", "i-0fedcba9876543210"));

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "DescribeInstances")
        .containsEntry("InstanceId.1", "i-0123456789abcdef0")
        .containsEntry("InstanceId.2", "i-0fedcba9876543210");
    assertThat(instances)
        .containsExactly(
            new Instance(
                "i-0123456789abcdef0",
                "running",
                "ami-0abcdef1234567890",
                "m7g.large",
                "10.0.1.11",
                "eu-west-1a",
                Instant.parse("2024-03-01T10:17:30Z"),
                // by device index: the node's own ENI first, though EC2 listed it second
                List.of("eni-0a1b2c3d4e5f60718", "eni-0ffffffffffffff01"),
                List.of("vol-0aaaaaaaaaaaaaaa0", "vol-0123456789abcdef0")),
            new Instance(
                "i-0fedcba9876543210",
                "terminated",
                "ami-0fedcba9876543210",
                "m7g.large",
                null,
                "eu-west-1b",
                Instant.parse("2024-02-01T09:00:00Z"),
                List.of(),
                List.of()));
  }

  @Test
  void describeInstanceStatusAsksForEveryStateAndFollowsPages() {
    stub.reply("ec2-describe-instance-status-page1.xml")
        .reply("ec2-describe-instance-status-page2.xml");

    List<InstanceStatus> statuses =
        ec2.describeInstanceStatus(
            List.of("i-0123456789abcdef0", "i-0fedcba9876543210", "i-0aaaaaaaaaaaaaaa3"));

    assertThat(stub.requests()).hasSize(2);
    assertThat(stub.requests().get(0).params())
        .containsEntry("Action", "DescribeInstanceStatus")
        .containsEntry("InstanceId.1", "i-0123456789abcdef0")
        .containsEntry("InstanceId.2", "i-0fedcba9876543210")
        .containsEntry("InstanceId.3", "i-0aaaaaaaaaaaaaaa3")
        // without it EC2 leaves out the stopped instance, as if it did not exist
        .containsEntry("IncludeAllInstances", "true")
        .doesNotContainKey("NextToken");
    assertThat(stub.requests().get(1).params())
        .containsEntry("NextToken", "instance-status-page-2")
        .containsEntry("IncludeAllInstances", "true");
    assertThat(statuses)
        .containsExactly(
            new InstanceStatus(
                "i-0123456789abcdef0",
                "running",
                "ok",
                "ok",
                List.of(
                    new ScheduledEvent(
                        "instance-retirement",
                        "The instance is running on degraded hardware",
                        Instant.parse("2024-03-10T00:00:00Z"),
                        Instant.parse("2024-03-12T00:00:00Z")),
                    new ScheduledEvent(
                        "system-reboot",
                        "[Completed] Scheduled reboot",
                        Instant.parse("2024-02-01T00:00:00Z"),
                        null))),
            new InstanceStatus(
                "i-0fedcba9876543210", "stopped", "not-applicable", "not-applicable", List.of()),
            new InstanceStatus(
                "i-0aaaaaaaaaaaaaaa3", "running", "impaired", "initializing", List.of()));
    assertThat(statuses.get(0).events())
        .extracting(ScheduledEvent::pending)
        .containsExactly(true, false);
    assertThat(statuses).extracting(InstanceStatus::impaired).containsExactly(false, false, true);
  }

  @Test
  void getConsoleOutputAsksForTheLatestAndDecodesIt() {
    stub.reply("ec2-get-console-output.xml");

    String text = ec2.getConsoleOutput("i-0123456789abcdef0", true);

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "GetConsoleOutput")
        .containsEntry("InstanceId", "i-0123456789abcdef0")
        .containsEntry("Latest", "true");
    assertThat(text)
        .isEqualTo(
            "Cloud-init v. 23.2.2 running\r\n"
                + "stateful-cluster: filesystem /dev/nvme1n1 ext4 100G mounted at /data\r\n");
  }

  @Test
  void getConsoleOutputOfAnInstanceThatWroteNothingYetIsEmpty() {
    stub.reply("ec2-get-console-output-empty.xml");

    assertThat(ec2.getConsoleOutput("i-0123456789abcdef0", true)).isEmpty();
  }

  @Test
  void getConsoleOutputOfAXenTypeAsksForThePostedOutput() {
    stub.reply("ec2-get-console-output.xml");

    String text = ec2.getConsoleOutput("i-0123456789abcdef0", false);

    assertThat(stub.onlyRequest().params())
        .containsEntry("Action", "GetConsoleOutput")
        .containsEntry("InstanceId", "i-0123456789abcdef0")
        .containsEntry("Latest", "false");
    assertThat(text).startsWith("Cloud-init v. 23.2.2 running\r\n");
  }

  private static Snapshot snapshotOne() {
    return new Snapshot(
        "snap-01234567890abcdef",
        "vol-0123456789abcdef0",
        "completed",
        "100%",
        100,
        true,
        KMS_KEY,
        Instant.parse("2024-03-01T11:00:00Z"),
        "kafka-prod node 1 before grow",
        Map.of("stateful-cluster:cluster", "kafka-prod", "stateful-cluster:node", "1"));
  }

  private static Snapshot snapshotTwo() {
    return new Snapshot(
        "snap-0fedcba9876543210",
        "vol-0fedcba9876543210",
        "pending",
        "45%",
        200,
        false,
        null,
        Instant.parse("2024-03-02T11:00:00Z"),
        "",
        Map.of());
  }

  static String ec2Error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID>"
        + "</Response>";
  }
}
