package dev.statefulcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.IdentityApi;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.TemplateStore;
import dev.statefulcluster.cloud.Ticker;
import dev.statefulcluster.cloud.sim.ImageBehavior;
import dev.statefulcluster.cloud.sim.SimCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloud commands end to end, their output and exit codes, against the in-memory model. */
class CloudCommandsTest {
  static final String AMI = ExampleAccount.AMI;
  static final String AMI_NEW = ExampleAccount.AMI_NEW;
  final SimCloud sim = ExampleAccount.create();
  @TempDir Path dir;
  Path file;

  @BeforeEach
  void account() throws Exception {
    file = ExampleAccount.exampleFile(dir);
  }

  CliRun run(String stdin, String... args) {
    return CliRun.run(options -> sim, stdin, args);
  }

  @Test
  void deployRollsAnInstanceTypeZoneByZoneAndExitsOneWhenANodeFailsOnIt() throws Exception {
    assertThat(run("", "deploy", file.toString()).exitCode()).isZero();
    String yaml = Files.readString(file);
    assertThat(yaml).contains("instanceType: m6i.large");
    Files.writeString(file, yaml.replace("instanceType: m6i.large", "instanceType: m6i.xlarge"));

    CliRun plan = run("", "plan", file.toString(), "--batch", "zone");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("node1, node2, node3: instanceType m6i.large -> m6i.xlarge")
        .contains("4 stack updates, one zone away at a time");

    // node2's zone cannot run the new type: the deploy stops there, node2 back on the old type.
    sim.ec2().setPlacementBehavior("m6i.xlarge", "eu-west-1b", ImageBehavior.neverSignals());
    CliRun failed = run("", "deploy", file.toString(), "--batch", "zone");
    assertThat(failed.exitCode()).as(failed.out()).isEqualTo(ExitCode.FAILED);
    assertThat(failed.err())
        .contains("error: eu-west-1b (node2) failed on m6i.xlarge")
        .contains("eu-west-1b (node2) is back on m6i.large; zones not yet rolled are untouched");

    sim.ec2()
        .setPlacementBehavior(
            "m6i.xlarge", "eu-west-1b", ImageBehavior.signalsAfter(Duration.ofSeconds(60)));
    CliRun again = run("", "deploy", file.toString(), "--batch", "zone");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("[1/3] take eu-west-1b (node2) away")
        .contains("kafka-prod: updated");
  }

  @Test
  void deployStatusRollDestroy() throws Exception {
    CliRun deploy = run("", "deploy", file.toString());
    assertThat(deploy.exitCode()).as(deploy.err()).isZero();
    assertThat(deploy.out())
        .contains("kafka-prod: new stack, 16 changes:")
        .contains("verdict: safe")
        .contains("kafka-prod: created")
        .containsPattern(
            "node2 +10\\.0\\.2\\.10 +eni-[0-9a-f]+ +i-[0-9a-f]+ +running +init/init +" + AMI);
    assertThat(deploy.err()).matches("\\(\\d+ AWS API calls\\)\\n");

    CliRun status = run("", "status", "kafka-prod", "--output", "json");
    assertThat(status.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(status.out());
    assertThat(json.get("stackStatus").asText()).isEqualTo("CREATE_COMPLETE");
    assertThat(json.get("nodes")).hasSize(3);
    assertThat(json.get("nodes").get(0).get("privateIp").asText()).isEqualTo("10.0.1.10");
    assertThat(json.get("nodes").get(2).get("sizeGiB").asInt()).isEqualTo(200);
    assertThat(json.get("events")).hasSize(10);

    CliRun plan = run("", "plan", file.toString());
    assertThat(plan.out()).contains("no changes");

    CliRun roll = run("", "roll", "kafka-prod", "--ami", AMI_NEW);
    assertThat(roll.exitCode()).as(roll.err()).isZero();
    assertThat(roll.out())
        .contains("4 stack updates")
        .contains("[4/4] node3 up on " + AMI_NEW)
        .contains("rolled kafka-prod to " + AMI_NEW + " in 4 updates")
        .containsPattern("time each node was down: node1 \\d+s, node2 \\d+s, node3 \\d+s");

    CliRun notConfirmed = run("kafka\n", "destroy", "kafka-prod");
    assertThat(notConfirmed.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(notConfirmed.err()).contains("not confirmed; nothing was deleted");
    assertThat(sim.stacks().describeStack("kafka-prod")).isPresent();

    CliRun destroy = run("kafka-prod\n", "destroy", "kafka-prod");
    assertThat(destroy.exitCode()).as(destroy.err()).isZero();
    assertThat(destroy.out())
        .contains("kafka-prod deleted. Final snapshots (set kafka-prod-final-")
        .contains("    privateIp: 10.0.2.10")
        .contains("--from-snapshots kafka-prod-final-");
    assertThat(sim.stacks().describeStack("kafka-prod")).isEmpty();
  }

  @Test
  void statusShowsANodesDriftAndTheCommandThatRepairsIt() throws Exception {
    assertThat(run("", "deploy", file.toString()).exitCode()).isZero();
    String node2 =
        sim.stacks().listStackResources("kafka-prod").stream()
            .filter(r -> r.logicalId().equals("Node2Instance"))
            .findFirst()
            .orElseThrow()
            .physicalId();
    sim.ticker().sleep(Duration.ofMinutes(5));
    sim.ec2().impairSystemStatus(node2);

    CliRun table = run("", "status", "kafka-prod");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out())
        .containsPattern(
            "node1 +10\\.0\\.1\\.10 +eni-[0-9a-f]+ +i-[0-9a-f]+ +running +ok/ok +" + AMI)
        .containsPattern("node2 .* running +impaired/ok +" + AMI)
        .contains(
            "drift: node2: its instance fails EC2's system status check (its host); repair:"
                + " stateful-cluster replace kafka-prod --nodes 2\n");

    CliRun status = run("", "status", "kafka-prod", "--output", "json");
    JsonNode json = new ObjectMapper().readTree(status.out()).get("nodes");
    assertThat(json.get(0).get("systemStatus").asText()).isEqualTo("ok");
    assertThat(json.get(0).get("drift").isNull()).isTrue();
    assertThat(json.get(0).get("repair").isNull()).isTrue();
    assertThat(json.get(1).get("systemStatus").asText()).isEqualTo("impaired");
    assertThat(json.get(1).get("instanceStatus").asText()).isEqualTo("ok");
    assertThat(json.get(1).get("scheduledEvents")).isEmpty();
    assertThat(json.get(1).get("drift").asText()).contains("system status check");
    assertThat(json.get(1).get("repair").asText())
        .isEqualTo("stateful-cluster replace kafka-prod --nodes 2");

    CliRun replace = run("", "replace", "kafka-prod", "--nodes", "2");
    assertThat(replace.exitCode()).as(replace.err()).isZero();
    sim.ticker().sleep(Duration.ofMinutes(5));
    assertThat(run("", "status", "kafka-prod").out()).doesNotContain("drift:");
  }

  @Test
  void aRefusedChangeExitsFourAndAMissingClusterSix() throws Exception {
    assertThat(run("", "deploy", file.toString()).exitCode()).isZero();
    Files.writeString(file, Files.readString(file).replace("size: 200", "size: 100"));

    CliRun shrink = run("", "deploy", file.toString());
    assertThat(shrink.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(shrink.err())
        .contains("volume.size: EBS volumes cannot shrink: node1's is 200" + " GiB")
        .endsWith(
            "refused: the changes above would lose data or break a rule; nothing"
                + " was changed\n");

    CliRun grow = run("", "grow", "kafka-prod", "--size", "100");
    assertThat(grow.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(grow.err()).contains("refused: grow refused, nothing was changed:");

    CliRun missing = run("", "status", "nope");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(missing.err())
        .isEqualTo(
            "(1 AWS API call)\nerror: no cluster named nope (no"
                + " such CloudFormation stack in this account and region)\n");
  }

  // One test per exit code of the README's table, each through the command line.

  @Test
  void exitTwoForABadCommandLineValueInOneLineBeforeAnythingIsRead() {
    for (String[] args :
        new String[][] {
          {"status", "kafka-prod", "--region", "not a region"},
          {"deploy", "no-such-file.yaml", "--endpoint-url", "not-a-url"},
          {"plan", "no-such-file.yaml", "--endpoint-url", "http://exa mple.com"},
          {"validate", "--lookup", "no-such-file.yaml", "--region", "EU"},
          {"status", "kafka-prod", "--events", "many"},
          {"status", "kafka-prod", "--events", "-1"}
        }) {
      CliRun run = CliRun.run(args);

      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
      assertThat(run.err())
          .as(String.join(" ", args))
          .startsWith("error: ")
          .hasLineCount(1)
          .doesNotContain("java.")
          .doesNotContain("Exception");
    }
    assertThat(CliRun.run("status", "kafka-prod", "--region", "not a region").err())
        .isEqualTo(
            "error: --region 'not a region' is not a region name; use one such as"
                + " eu-west-1; see 'stateful-cluster status --help'\n");
    assertThat(CliRun.run("deploy", "x.yaml", "--endpoint-url", "not-a-url").err())
        .isEqualTo(
            "error: --endpoint-url 'not-a-url' is not an http:// or https:// URL; use"
                + " one such as http://localhost:4566; see 'stateful-cluster deploy --help'\n");
  }

  @Test
  void exitTwoForAValueWrongForTheCluster() throws Exception {
    assertThat(run("", "deploy", file.toString()).exitCode()).isZero();

    CliRun grow = run("", "grow", "kafka-prod", "--size", "300", "--nodes", "9");
    assertThat(grow.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(grow.err()).endsWith("error: --nodes: kafka-prod has no node 9\n");

    CliRun roll = run("", "roll", "kafka-prod", "--ami", AMI_NEW, "--nodes", "9");
    assertThat(roll.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(roll.err()).endsWith("error: --nodes: the cluster has nodes 1 to 3, not 9\n");

    CliRun count =
        run(
            "",
            "plan",
            file.toString(),
            "--from-snapshots",
            "snap-0123456789abcdef0,snap-0123456789abcdef1");
    assertThat(count.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(count.err())
        .endsWith(
            "error: --from-snapshots lists 2 snapshots for 3 nodes;"
                + " give one per node, in node order\n");
  }

  @Test
  void exitThreeForSnapshotsThatDoNotExistBySetOrById() {
    CliRun set = run("", "plan", file.toString(), "--from-snapshots", "nightly");
    assertThat(set.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(set.err())
        .endsWith(
            "error: no snapshot set named nightly (no snapshots tagged"
                + " stateful-cluster:snapshot-set=nightly in this region)\n");

    CliRun ids =
        run(
            "",
            "plan",
            file.toString(),
            "--from-snapshots",
            "snap-0123456789abcdef0,snap-0123456789abcdef1,snap-0123456789abcdef2");
    assertThat(ids.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    // The option and the node, not a line of the file that does not hold the snapshot.
    assertThat(ids.err())
        .endsWith(
            "error: --from-snapshots: node1's snapshot"
                + " snap-0123456789abcdef0 does not exist in this region\n"
                + "--from-snapshots: node2's snapshot snap-0123456789abcdef1 does not exist in this"
                + " region\n"
                + "--from-snapshots: node3's snapshot snap-0123456789abcdef2 does not exist in this"
                + " region\n")
        .doesNotContain(file.toString());
  }

  @Test
  void exitThreeForASnapshotInTheFileThatDoesNotExistAtItsLine() throws Exception {
    Files.writeString(
        file,
        Files.readString(file)
            .replace(
                "    privateIp: 10.0.2.10\n",
                "    privateIp: 10.0.2.10\n    snapshot: snap-0123456789abcdef1\n"));

    CliRun plan = run("", "plan", file.toString());

    assertThat(plan.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(plan.err())
        .contains(
            file
                + ":32: nodes[1].snapshot: node2's snapshot"
                + " snap-0123456789abcdef1 does not exist in this region\n1 error\n");
  }

  @Test
  void validateWithLookupSaysWhatDeployWouldRefuseBeforeItStarts() throws Exception {
    // 10.0.2.0/24's first four addresses are AWS's; validate alone cannot know the subnet's range.
    Files.writeString(file, Files.readString(file).replace("10.0.2.10", "10.0.2.3"));
    assertThat(run("", "validate", file.toString()).exitCode()).isZero();

    CliRun lookup = run("", "validate", "--lookup", file.toString());

    assertThat(lookup.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
    assertThat(lookup.out()).isEmpty();
    assertThat(lookup.err())
        .contains(file + ":31: nodes[1].privateIp: 10.0.2.3 is reserved by AWS in subnet-")
        .contains("pin one from 10.0.2.4 to 10.0.2.254");
    assertThat(run("", "deploy", file.toString()).err())
        .contains("nodes[1].privateIp: 10.0.2.3 is reserved by AWS");
  }

  @Test
  void exitFourForAChangeToAPinnedAddressInTheFilesWords() throws Exception {
    assertThat(run("", "deploy", file.toString()).exitCode()).isZero();
    Files.writeString(file, Files.readString(file).replace("10.0.2.10", "10.0.2.11"));

    CliRun deploy = run("", "deploy", file.toString());

    assertThat(deploy.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(deploy.err())
        .containsPattern(
            java.util.regex.Pattern.quote(file.toString())
                + ":31: nodes\\[1\\]\\.privateIp: .*10\\.0\\.2\\.10")
        .endsWith(
            "refused: the changes above would lose data or break a rule; nothing was"
                + " changed\n");
  }

  @Test
  void replaceGivesTheNamedNodesNewInstancesAndNeedsToBeToldWhich() {
    assertThat(run("", "deploy", file.toString()).exitCode()).isZero();

    CliRun none = run("", "replace", "kafka-prod");
    assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(none.err())
        .isEqualTo("error: replace needs --nodes N[,N…]: the nodes whose instance to replace\n");

    CliRun two = run("", "replace", "kafka-prod", "--nodes", "2");
    assertThat(two.exitCode()).as(two.err()).isZero();
    assertThat(two.out())
        .contains("re-create kafka-prod's instances, each on the AMI it runs: 2 stack updates")
        .contains("node2 up on " + AMI);
  }

  @Test
  void aNestedClusterRollsByZoneWithEachNodesDowntimeAndDeployRollsItsInstanceType()
      throws Exception {
    Path wide = dir.resolve("wide.yaml");
    String yaml =
        """
        name: wide
        instanceType: m6i.large
        image: {ami: %s}
        nodes:
          count: 70
          subnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002, subnet-0a1b2c3d4e5f60003]
        volume: {size: 100, mountPoint: /var/lib/app}
        ports: {members: [7000], clients: [9042]}
        """
            .formatted(AMI);
    Files.writeString(wide, yaml);
    assertThat(run("", "deploy", wide.toString()).exitCode()).isZero();

    CliRun roll = run("", "roll", "wide", "--ami", AMI_NEW, "--batch", "zone");
    assertThat(roll.exitCode()).as(roll.err()).isZero();
    assertThat(roll.out())
        .contains("rolled wide to " + AMI_NEW + " in 4 updates")
        .containsPattern(
            "time each node was down: \\d+s to \\d+s, median \\d+s, over 70 nodes; longest"
                + " node\\d+\n");

    Files.writeString(wide, yaml.replace("instanceType: m6i.large", "instanceType: m6i.xlarge"));
    CliRun byNode = run("", "plan", wide.toString());
    assertThat(byNode.exitCode()).as(byNode.err()).isZero();
    assertThat(byNode.out()).contains("71 stack updates, one node away at a time");

    CliRun plan = run("", "plan", wide.toString(), "--batch", "zone");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("4 stack updates, one zone away at a time");

    sim.ec2().setPlacementBehavior("m6i.xlarge", "eu-west-1b", ImageBehavior.neverSignals());
    CliRun failed = run("", "deploy", wide.toString(), "--batch", "zone");
    assertThat(failed.exitCode()).as(failed.out()).isEqualTo(ExitCode.FAILED);
    assertThat(failed.err())
        .contains("error: eu-west-1b (node2, node5")
        .contains("failed on m6i.xlarge")
        .contains("is back on m6i.large; zones not yet rolled are untouched")
        .contains("run 'stateful-cluster deploy FILE --batch zone' with the same file again");

    sim.ec2()
        .setPlacementBehavior(
            "m6i.xlarge", "eu-west-1b", ImageBehavior.signalsAfter(Duration.ofSeconds(60)));
    CliRun again = run("", "deploy", wide.toString(), "--batch", "zone");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("[1/3] take eu-west-1b (node2, node5")
        .contains("wide: updated");
  }

  /** Twenty nodes over the example account's subnets: a template far over 51,200 bytes. */
  Path twentyNodes() throws Exception {
    Path big = dir.resolve("big.yaml");
    Files.writeString(
        big,
        """
        name: big
        instanceType: m6i.large
        image: {ami: %s}
        nodes:
          count: 20
          subnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002, subnet-0a1b2c3d4e5f60003]
        volume: {size: 100, mountPoint: /var/lib/app}
        ports: {members: [7000], clients: [9042]}
        """
            .formatted(AMI));
    return big;
  }

  @Test
  void aLargeClusterDeploysThroughTheToolsOwnBucketCreatedOnce() throws Exception {
    Path big = twentyNodes();
    String bucket = "stateful-cluster-templates-" + SimCloud.ACCOUNT_ID + "-eu-west-1";

    CliRun first = run("", "deploy", big.toString());
    CliRun again = run("", "deploy", big.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .containsOnlyOnce(
            "templates over 51,200 bytes go through S3 bucket "
                + bucket
                + ", created now (encrypted, no public access, TLS only, templates expire after"
                + " 30 days)\n")
        .contains("big: created");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).doesNotContain(bucket).contains("no changes");
    assertThat(sim.calls()).containsEntry("CreateBucket", 1);
    assertThat(sim.templates().bucket(bucket).orElseThrow().policy()).contains("SecureTransport");
  }

  @Test
  void s3BucketStillWins() throws Exception {
    sim.templates().addBucket("my-templates");

    CliRun deploy = run("", "deploy", twentyNodes().toString(), "--s3-bucket", "my-templates");

    assertThat(deploy.exitCode()).as(deploy.err()).isZero();
    assertThat(deploy.out()).doesNotContain("S3 bucket");
    assertThat(sim.templates().ownBuckets()).containsExactly("my-templates");
    assertThat(sim.templates().bucket("my-templates").orElseThrow().keys()).hasSize(1);
  }

  @Test
  void aTemplateBucketNameTakenByAnotherAccountIsRefusedWithTheFix() throws Exception {
    String bucket = "stateful-cluster-templates-" + SimCloud.ACCOUNT_ID + "-eu-west-1";
    sim.templates().addBucketOf("210987654321", bucket, "eu-west-1");

    CliRun deploy = run("", "deploy", twentyNodes().toString());

    assertThat(deploy.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(deploy.err())
        .contains(
            "refused: S3 bucket "
                + bucket
                + ", the template bucket's name for account 123456789012, belongs to another"
                + " account")
        .contains("pass --s3-bucket BUCKET to send the template through a bucket of your own\n");
    assertThat(sim.stacks().describeStack("big")).isEmpty();
  }

  @Test
  void exitOneHundredThirtyWhenInterrupted() {
    Cloud interrupting =
        new Cloud() {
          @Override
          public StackApi stacks() {
            return sim.stacks();
          }

          @Override
          public Ec2Api ec2() {
            return sim.ec2();
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
            return new Ticker() {
              @Override
              public Instant now() {
                return sim.ticker().now();
              }

              @Override
              public void sleep(Duration duration) throws InterruptedException {
                throw new InterruptedException();
              }
            };
          }
        };

    CliRun deploy = CliRun.run(options -> interrupting, "", "deploy", file.toString());

    assertThat(deploy.exitCode()).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(deploy.err())
        .endsWith("interrupted; run the command again to carry on from" + " where the stack is\n");
  }

  @Test
  void everyCommandThatTalkedToAwsCountsItsCallsFailedOnesToo() throws Exception {
    String count = "\\(\\d+ AWS API calls?\\)\n";
    assertThat(run("", "deploy", file.toString()).err()).matches(count);
    assertThat(run("", "status", "kafka-prod").err()).matches(count);
    assertThat(run("", "validate", "--lookup", file.toString()).err()).matches(count);
    CliRun synth = run("", "synth", "--lookup", file.toString());
    assertThat(synth.exitCode()).isZero();
    assertThat(synth.err()).matches(count);
    // A failure: the count, then the error as the last line.
    assertThat(run("", "grow", "kafka-prod", "--size", "100").err())
        .matches("(?s)" + count + "refused: grow refused.*");
    // Nothing asked of AWS, nothing to count.
    assertThat(run("", "validate", file.toString()).err()).isEmpty();
  }

  @Test
  void stackTracesOnlyForUnknownFailuresAndOnlyWhenAskedFor() {
    CliRun known = run("", "status", "nope", "--stacktrace");
    assertThat(known.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(known.err()).doesNotContain("\tat ").hasLineCount(2);

    Connector broken =
        options -> {
          throw new IllegalStateException("a bug");
        };
    CliRun unknown = CliRun.run(broken, "", "status", "kafka-prod");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(unknown.err())
        .isEqualTo(
            "error: java.lang.IllegalStateException: a bug (run"
                + " with --stacktrace for details)\n");
    CliRun traced = CliRun.run(broken, "", "status", "kafka-prod", "--stacktrace");
    assertThat(traced.err()).contains("\tat dev.statefulcluster.");
  }

  @Test
  void aFailedRollExitsOneWithTheReport() throws Exception {
    assertThat(run("", "deploy", file.toString()).exitCode()).isZero();
    sim.ec2().setImageBehavior(AMI_NEW, ImageBehavior.neverSignals());

    CliRun roll = run("", "roll", "kafka-prod", "--ami", AMI_NEW);

    assertThat(roll.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(roll.err())
        .contains("error: node1 failed on " + AMI_NEW)
        .contains("node1 is back on " + AMI);
  }

  @Test
  void awsFailuresAreOneLineWithExitCodeFive() {
    CliRun run =
        CliRun.run(
            options -> {
              throw new CloudException(
                  CloudException.CONNECTION,
                  "cannot reach"
                      + " https://cloudformation.eu-west-9.amazonaws.com: unknown host; check --region or"
                      + " --endpoint-url",
                  false);
            },
            "",
            "status",
            "kafka-prod",
            "--region",
            "eu-west-9");

    assertThat(run.exitCode()).isEqualTo(ExitCode.AWS);
    assertThat(run.err())
        .isEqualTo(
            "error: AWS: cannot reach"
                + " https://cloudformation.eu-west-9.amazonaws.com: unknown host; check --region or"
                + " --endpoint-url (ConnectionFailure)\n");
  }

  @Test
  void rollRefusesAMalformedAmiBeforeReachingAws() {
    CliRun run = CliRun.run("roll", "kafka-prod", "--ami", "ami-xyz");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "error: --ami: 'ami-xyz' is not an AMI id (expected ami- and"
                + " 8 or 17 hex digits)\n");
  }
}
