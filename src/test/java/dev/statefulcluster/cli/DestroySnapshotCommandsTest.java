package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.IdentityApi;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.StackResource;
import dev.statefulcluster.cloud.StackStatus;
import dev.statefulcluster.cloud.TemplateStore;
import dev.statefulcluster.cloud.Ticker;
import dev.statefulcluster.cloud.sim.SimCloud;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** destroy and snapshot through the CLI: what they print and how they exit. */
class DestroySnapshotCommandsTest {
  static final String AMI = ExampleAccount.AMI;
  static final String AMI_NEW = ExampleAccount.AMI_NEW;
  final SimCloud sim = ExampleAccount.create();
  @TempDir Path dir;
  Path file;

  @BeforeEach
  void account() throws Exception {
    file = ExampleAccount.exampleFile(dir);
    CliRun deploy = run("", "deploy", file.toString());
    assertThat(deploy.exitCode()).as(deploy.err()).isZero();
  }

  CliRun run(String stdin, String... args) {
    return CliRun.run(options -> sim, stdin, args);
  }

  private String volume(int node) {
    return sim.stacks().listStackResources("kafka-prod").stream()
        .filter(r -> r.logicalId().equals("Node" + node + "Volume"))
        .map(StackResource::physicalId)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void destroyAfterARollPrintsWhatRestoresEachNodeAsItWas() {
    assertThat(run("", "roll", "kafka-prod", "--ami", AMI_NEW).exitCode()).isZero();

    CliRun destroy = run("", "destroy", "kafka-prod", "--yes");

    assertThat(destroy.exitCode()).as(destroy.err()).isZero();
    assertThat(destroy.out())
        .containsPattern(
            "kafka-prod deleted\\. Final snapshots \\(set"
                + " kafka-prod-final-\\d{8}-\\d{6}\\):\n  node1  vol-[0-9a-f]+  snap-[0-9a-f]+"
                + "  completed\n")
        .contains(
            "To restore the cluster as it was (each node's data, address, AMI, subnet and"
                + " zone), put these lines in its file:\n  nodes:\n")
        .contains(
            "    - subnet: subnet-0a1b2c3d4e5f60002    # node2\n"
                + "      availabilityZone: eu-west-1b\n"
                + "      privateIp: 10.0.2.10\n"
                + "      ami: "
                + AMI_NEW
                + "\n"
                + "      snapshot: snap-")
        .containsPattern(
            "Or restore only the data, with the file as it is: stateful-cluster"
                + " deploy FILE --from-snapshots kafka-prod-final-\\d{8}-\\d{6}\n"
                + "  That keeps no more than the file says: nodes get the file's AMI, not the one"
                + " each last ran, and a node whose privateIp the file does not pin gets a new"
                + " address.\n$")
        .doesNotContain("null");
  }

  @Test
  void aNodeWithoutAFinalSnapshotIsNamedAndNoRestoreLinesArePrinted() {
    String lost = volume(2);
    sim.ec2().deleteVolume(lost);

    CliRun destroy = run("", "destroy", "kafka-prod", "--yes");

    assertThat(destroy.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(destroy.out())
        .containsPattern("  node2  " + lost + "  none  missing\n")
        .doesNotContain("nodes:")
        .doesNotContain("snapshot:")
        .doesNotContain("--from-snapshots")
        .doesNotContain("null");
    assertThat(destroy.err())
        .matches(
            "\\(\\d+ AWS API calls\\)\n"
                + "error: no final snapshot of node2 \\(volume "
                + lost
                + ": no snapshot started after"
                + " the delete began at 2026-01-05 \\d\\d:\\d\\d:\\d\\dZ\\); restoring would bring that"
                + " node back without data, so no restore lines are printed; look for the data"
                + " elsewhere \\(an earlier snapshot set, a replica\\)\n");
  }

  @Test
  @Timeout(60)
  void destroyDeletesAStackLeftInReviewByACreateThatNeverRan() {
    // A deploy killed between CreateChangeSet and ExecuteChangeSet, or whose execution AWS
    // refused: the stack exists, in REVIEW_IN_PROGRESS, and no operation will ever end that.
    sim.stacks()
        .createChangeSet(
            new ChangeSetRequest(
                "kafka-dev",
                "stateful-cluster-1",
                ChangeSetType.CREATE,
                "{\"Resources\": {\"Handle\": {\"Type\":"
                    + " \"AWS::CloudFormation::WaitConditionHandle\"}}}",
                null,
                false,
                List.of(),
                Set.of(),
                Map.of(),
                "stateful-cluster deploy"));
    assertThat(sim.stacks().describeStack("kafka-dev").orElseThrow().status())
        .isEqualTo(StackStatus.REVIEW_IN_PROGRESS);

    CliRun destroy = run("", "destroy", "kafka-dev", "--yes");

    assertThat(destroy.exitCode()).as(destroy.err()).isZero();
    assertThat(destroy.out())
        .startsWith(
            "kafka-dev is REVIEW_IN_PROGRESS: it was made by a change set that never ran, and"
                + " holds no resource and no data; deleting it\n")
        .endsWith("kafka-dev deleted; it held no resource, so there is nothing to restore\n");
    assertThat(sim.stacks().describeStack("kafka-dev")).isEmpty();
    assertThat(sim.stacks().describeStack("kafka-prod")).isPresent();
  }

  @Test
  void destroyRunAgainOnceTheStackIsGonePrintsTheSameFinalSnapshots() {
    CliRun first = run("", "destroy", "kafka-prod", "--yes");
    assertThat(first.exitCode()).as(first.err()).isZero();

    CliRun again = run("", "destroy", "kafka-prod", "--yes");

    assertThat(again.exitCode()).as(again.err()).isZero();
    String finals = first.out().substring(first.out().indexOf("kafka-prod deleted."));
    assertThat(again.out())
        .contains("kafka-prod is DELETE_COMPLETE: carrying on with the delete" + " begun before")
        .endsWith(finals);
  }

  @Test
  void snapshotNamesTheSecondSnapshotARetriedCreateSnapshotMade() {
    int[] lose = {1};
    Ec2Api lossy =
        (Ec2Api)
            Proxy.newProxyInstance(
                Ec2Api.class.getClassLoader(),
                new Class<?>[] {Ec2Api.class},
                (proxy, method, args) -> {
                  Object result;
                  try {
                    result = method.invoke(sim.ec2(), args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().equals("createSnapshot") && lose[0]-- > 0) {
                    // The answer was lost and the SDK's own retry took a second snapshot.
                    try {
                      return method.invoke(sim.ec2(), args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  }
                  return result;
                });
    Cloud cloud =
        new Cloud() {
          @Override
          public StackApi stacks() {
            return sim.stacks();
          }

          @Override
          public Ec2Api ec2() {
            return lossy;
          }

          @Override
          public TemplateStore templates() {
            return sim.templates();
          }

          @Override
          public IdentityApi identity() {
            return sim.identity();
          }

          @Override
          public String region() {
            return sim.region();
          }

          @Override
          public Ticker ticker() {
            return sim.ticker();
          }
        };

    CliRun snapshot = CliRun.run(options -> cloud, "", "snapshot", "kafka-prod");

    assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
    assertThat(snapshot.out())
        .containsPattern(
            "note: (snap-[0-9a-f]+) is a second snapshot a"
                + " retried CreateSnapshot made; it is not in the set and costs storage: aws ec2"
                + " delete-snapshot --snapshot-id \\1\n");
  }

  @Test
  void snapshotPrintsTheSetAndItRestoresByName() {
    CliRun snapshot = run("", "snapshot", "kafka-prod");

    assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
    assertThat(snapshot.out())
        .containsPattern(
            "snapshot set (kafka-prod-\\d{8}-\\d{6}):\n"
                + "  node1  vol-[0-9a-f]+  snap-[0-9a-f]+  completed\n")
        .containsPattern(
            "restore with: stateful-cluster deploy FILE --from-snapshots"
                + " kafka-prod-\\d{8}-\\d{6}\n$");
  }
}
