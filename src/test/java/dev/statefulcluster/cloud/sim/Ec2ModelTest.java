package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.CloudException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EC2 rules below CloudFormation: addresses, attachments, termination. */
class Ec2ModelTest {
  private final SimContext ctx =
      new SimContext(
          new SimClock(), SimLatencies.defaults(), new IdGenerator(), "us-east-1", "123456789012");
  private final Ec2Model ec2 = new Ec2Model(ctx);

  Ec2ModelTest() {
    ec2.network.addVpc("vpc-1", "10.0.0.0/16");
    ec2.network.addSubnet("subnet-a", "vpc-1", "us-east-1a", "10.0.1.0/28");
    ec2.network.addSubnet("subnet-b", "vpc-1", "us-east-1b", "10.0.2.0/24");
    ec2.images.put(
        "ami-1",
        new dev.statefulcluster.cloud.Ec2Api.Image(
            "ami-1", "n", "available", "x86_64", "/dev/xvda"));
    ec2.behaviors.put("ami-1", ImageBehavior.signalsAfter(Duration.ofSeconds(10)));
  }

  @Test
  void addressesSkipTheFourReservedOnesAndTheLast() {
    List<String> ips = new java.util.ArrayList<>();
    for (int i = 0; i < 11; i++) {
      ips.add(ec2.network.createEni("subnet-a", List.of(), null, null).privateIp);
    }
    assertThat(ips).first().isEqualTo("10.0.1.4");
    assertThat(ips).last().isEqualTo("10.0.1.14");
    assertThatThrownBy(() -> ec2.network.createEni("subnet-a", List.of(), null, null))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> assertThat(e.code()).isEqualTo("InsufficientFreeAddressesInSubnet"));
  }

  @Test
  void aRequestedAddressMustBeFreeAndInsideTheSubnet() {
    ec2.network.createEni("subnet-b", List.of(), "10.0.2.50", null);
    assertThatThrownBy(() -> ec2.network.createEni("subnet-b", List.of(), "10.0.2.50", null))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo("InvalidIPAddress.InUse");
              assertThat(e.getMessage()).isEqualTo("Address 10.0.2.50 is in use.");
            });
    assertThatThrownBy(() -> ec2.network.createEni("subnet-b", List.of(), "10.0.3.9", null))
        .hasMessage("Address 10.0.3.9 does not fall within the subnet's address range");
    assertThatThrownBy(() -> ec2.network.createEni("subnet-b", List.of(), "10.0.2.1", null))
        .hasMessageContaining("reserved");
  }

  @Test
  void anInterfaceOfALiveInstanceIsInUseUntilTheInstanceIsTerminated() {
    SimEni eni = ec2.network.createEni("subnet-b", List.of(), null, null);
    SimInstance first = run(eni.id, List.of());
    assertThatThrownBy(() -> run(eni.id, List.of()))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.code()).isEqualTo("InvalidNetworkInterface.InUse");
              assertThat(e.getMessage()).isEqualTo("Interface: [" + eni.id + "] in use.");
            });

    ec2.instances.terminate(first.id, () -> {});
    ctx.clock().sleep(Duration.ofSeconds(20));
    assertThat(first.state).isEqualTo("shutting-down");
    assertThatThrownBy(() -> run(eni.id, List.of())).isInstanceOf(CloudException.class);
    ctx.clock().sleep(Duration.ofSeconds(20));
    assertThat(first.state).isEqualTo("terminated");
    assertThat(eni.status()).isEqualTo("available");
    assertThat(run(eni.id, List.of()).privateIp).isEqualTo(eni.privateIp);

    ctx.clock().sleep(Duration.ofHours(1));
    assertThat(ec2.instances.byId).doesNotContainKey(first.id);
  }

  @Test
  void volumeAttachmentRules() {
    SimVolume inB = volume("us-east-1b");
    SimVolume inA = volume("us-east-1a");
    ctx.clock().sleep(Duration.ofSeconds(10));
    SimEni eni = ec2.network.createEni("subnet-b", List.of(), null, null);
    SimInstance i = run(eni.id, List.of(new Instances.Disk("/dev/xvdh", inB.id)));
    ctx.clock().sleep(Duration.ofSeconds(30));
    assertThat(i.dataVolumeIds).containsExactly(inB.id);

    assertThatThrownBy(() -> ec2.volumes.attach(inB, "i-other", "us-east-1b", "/dev/xvdh"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("VolumeInUse"));
    assertThatThrownBy(() -> ec2.volumes.attach(inA, "i-other", "us-east-1b", "/dev/xvdh"))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> assertThat(e.code()).isEqualTo("InvalidVolume.ZoneMismatch"));
    SimVolume growing = volume("us-east-1b");
    ctx.clock().sleep(Duration.ofSeconds(10));
    ec2.volumes.modify(growing.id, null, 20, null, null, () -> {});
    assertThatThrownBy(() -> ec2.volumes.attach(growing, "i-other", "us-east-1b", "/dev/xvdh"))
        .hasMessage(
            "Cannot attach volume " + growing.id + " when it is in modification state: MODIFYING");
    assertThatThrownBy(() -> ec2.volumes.delete(inB.id, () -> {}))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("VolumeInUse"));

    ec2.instances.terminate(i.id, () -> {});
    ctx.clock().sleep(Duration.ofMinutes(1));
    assertThat(inB.state).isEqualTo("available");
    assertThat(ec2.volumes.byId).containsKey(inB.id).doesNotContainKey(i.rootVolumeId);
  }

  @Test
  void anInterfaceCreatedWithTheInstanceGoesWithIt() {
    Instances.Launch launch =
        new Instances.Launch(
            "ami-1",
            "t3.small",
            null,
            null,
            List.of(),
            "subnet-b",
            List.of(),
            null,
            List.of(),
            List.of(),
            Map.of());
    SimInstance i = ec2.instances.run(launch, listener());
    String eni = i.eniIds.get(0);
    ec2.instances.terminate(i.id, () -> {});
    ctx.clock().sleep(Duration.ofMinutes(1));
    assertThat(ec2.network.enis).doesNotContainKey(eni);
  }

  @Test
  void anUnknownImageOrKeyIsRefusedBeforeAnythingExists() {
    SimEni eni = ec2.network.createEni("subnet-b", List.of(), null, null);
    Instances.Launch noImage =
        new Instances.Launch(
            "ami-x",
            null,
            null,
            null,
            List.of(new Instances.Nic(eni.id, 0, null, null, List.of(), null)),
            null,
            List.of(),
            null,
            List.of(),
            List.of(),
            Map.of());
    assertThatThrownBy(() -> ec2.instances.run(noImage, listener()))
        .hasMessage("The image id '[ami-x]' does not exist");
    Instances.Launch noKey =
        new Instances.Launch(
            "ami-1",
            null,
            "nokey",
            null,
            List.of(new Instances.Nic(eni.id, 0, null, null, List.of(), null)),
            null,
            List.of(),
            null,
            List.of(),
            List.of(),
            Map.of());
    assertThatThrownBy(() -> ec2.instances.run(noKey, listener()))
        .hasMessage("The key pair 'nokey' does not exist");
    assertThat(eni.status()).isEqualTo("available");
    assertThat(ec2.instances.byId).isEmpty();
  }

  private SimVolume volume(String az) {
    return ec2.volumes.create(
        new Volumes.Spec(az, 10, "gp3", null, null, true, null, null, Map.of()), () -> {});
  }

  private SimInstance run(String eniId, List<Instances.Disk> disks) {
    return ec2.instances.run(
        new Instances.Launch(
            "ami-1",
            "t3.small",
            null,
            null,
            List.of(new Instances.Nic(eniId, 0, null, null, List.of(), null)),
            null,
            List.of(),
            null,
            disks,
            List.of(),
            Map.of()),
        listener());
  }

  private static Instances.Listener listener() {
    return new Instances.Listener() {
      @Override
      public void running(SimInstance i) {}

      @Override
      public void failed(CloudException e) {
        throw e;
      }
    };
  }
}
