package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefulcluster.cloud.BucketSettings;
import dev.statefulcluster.cloud.BucketSettings.PublicAccessBlock;
import dev.statefulcluster.cloud.sim.SimBucket;
import dev.statefulcluster.cloud.sim.SimCloud;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.stack.TemplateBucket;
import dev.statefulcluster.testing.InterceptedCloud;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Templates over the inline limit with no --s3-bucket: the tool's own bucket, created once per
 * account and region with every setting, reused, completed after a run that died half-way, and
 * never one that another account owns.
 */
class TemplateBucketTest {
  static final String NAME = "big";

  /** Twenty nodes: well over 51,200 bytes. */
  static final String TWENTY = SimWorld.counted(NAME, 20, "");

  static final String BUCKET = "stateful-cluster-templates-" + SimCloud.ACCOUNT_ID + "-eu-west-1";

  static final List<String> SETTINGS =
      List.of(
          "PutBucketEncryption",
          "PutPublicAccessBlock",
          "PutBucketOwnershipControls",
          "PutBucketPolicy",
          "PutBucketLifecycleConfiguration");

  final SimWorld world = new SimWorld();

  @Test
  void twentyNodesDeployThroughABucketCreatedOnceWithEverySetting() throws Exception {
    Deployer.Outcome outcome =
        world.deployer().deploy(SimWorld.spec(TWENTY), Deployer.Options.NONE);

    assertThat(outcome).isEqualTo(Deployer.Outcome.CREATED);
    assertThat(world.stack(NAME).status().succeeded()).isTrue();
    SimBucket bucket = world.sim.templates().bucket(BUCKET).orElseThrow();
    assertSecured(bucket, "eu-west-1");
    assertThat(bucket.keys())
        .singleElement()
        .asString()
        .matches("stateful-cluster/big/[0-9a-f]{64}\\.json");
    assertThat(world.calls("CreateBucket")).isEqualTo(1);
    for (String setting : SETTINGS) {
      assertThat(world.calls(setting)).as(setting).isEqualTo(1);
    }
    assertThat(world.lines)
        .filteredOn(line -> line.contains(BUCKET))
        .containsExactly(
            "templates over 51,200 bytes go through S3 bucket "
                + BUCKET
                + ", created now (encrypted, no public access, TLS only, templates expire after"
                + " 30 days)");
  }

  @Test
  void theNextDeployReusesTheBucketWithoutCreatingOrConfiguringItAgain() throws Exception {
    world.deployer().deploy(SimWorld.spec(TWENTY), Deployer.Options.NONE);
    world.lines.clear();
    Map<String, Integer> before = world.sim.calls();

    Deployer.Outcome outcome =
        world
            .deployer()
            .deploy(SimWorld.spec(TWENTY + "tags: {team: storage}\n"), Deployer.Options.NONE);

    Map<String, Integer> after = world.sim.calls();
    assertThat(after.get("CreateBucket")).isEqualTo(1);
    for (String setting : SETTINGS) {
      assertThat(after.get(setting)).as(setting).isEqualTo(before.get(setting));
    }
    assertThat(after.get("HeadBucket") - before.get("HeadBucket")).isEqualTo(1);
    assertThat(after.get("PutObject") - before.get("PutObject")).isEqualTo(1);
    assertThat(world.lines).noneMatch(line -> line.contains(BUCKET));
    // The file's tags are the stack's, not the template's: the same template, the same object.
    assertThat(world.sim.templates().bucket(BUCKET).orElseThrow().keys()).hasSize(1);
    assertThat(outcome).isEqualTo(Deployer.Outcome.UPDATED);
    assertThat(world.stack(NAME).tags()).containsEntry("team", "storage");
  }

  @Test
  void growSendsItsTemplateThroughTheSameBucket() throws Exception {
    world.deployer().deploy(SimWorld.spec(TWENTY), Deployer.Options.NONE);
    int uploads = world.calls("PutObject");

    new Grower(world.cloud, world.polling, world.progress)
        .grow(NAME, new Grower.Options(200, null, null, List.of(), null, Duration.ofMinutes(20)));

    assertThat(world.calls("PutObject")).isEqualTo(uploads + 1);
    assertThat(world.calls("CreateBucket")).isEqualTo(1);
    assertThat(world.sim.templates().bucket(BUCKET).orElseThrow().keys()).hasSize(2);
  }

  @Test
  void aSecondRegionGetsABucketOfItsOwn() throws Exception {
    world.deployer().deploy(SimWorld.spec(TWENTY), Deployer.Options.NONE);
    SimWorld ohio = world.inRegion("us-east-2");

    ohio.deployer().deploy(SimWorld.spec(TWENTY), Deployer.Options.NONE);

    String ohioBucket = "stateful-cluster-templates-" + SimCloud.ACCOUNT_ID + "-us-east-2";
    assertThat(ohio.sim.templates().ownBuckets())
        .containsExactlyInAnyOrder(SimWorld.BUCKET, BUCKET, ohioBucket);
    assertSecured(ohio.sim.templates().bucket(ohioBucket).orElseThrow(), "us-east-2");
    assertThat(ohio.calls("CreateBucket")).isEqualTo(1);
    assertThat(ohio.lines).anyMatch(line -> line.contains(ohioBucket + ", created now"));
    assertThat(ohio.stack(NAME).status().succeeded()).isTrue();
  }

  @Test
  void s3BucketWinsAndNoBucketOfTheToolsOwnIsMade() throws Exception {
    world.deployer().deploy(SimWorld.spec(TWENTY), SimWorld.WITH_BUCKET);

    assertThat(world.sim.templates().bucket(BUCKET)).isEmpty();
    assertThat(world.calls("GetCallerIdentity")).isZero();
    assertThat(world.calls("CreateBucket")).isZero();
    assertThat(world.sim.templates().bucket(SimWorld.BUCKET).orElseThrow().keys()).hasSize(1);
    assertThat(world.lines).noneMatch(line -> line.contains("S3 bucket"));
  }

  @Test
  void aSmallTemplateGoesInlineAndTouchesNoBucket() throws Exception {
    world.deployer().deploy(SimWorld.spec(SimWorld.counted(NAME, 3, "")), Deployer.Options.NONE);

    assertThat(world.calls("GetCallerIdentity") + world.calls("HeadBucket")).isZero();
    assertThat(world.sim.templates().bucket(BUCKET)).isEmpty();
  }

  static Stream<String> settingCalls() {
    return SETTINGS.stream();
  }

  /** Killed at any call after CreateBucket: the next run finds it and puts every setting. */
  @ParameterizedTest
  @MethodSource("settingCalls")
  void aBucketLeftHalfConfiguredIsCompletedByTheNextRun(String killedAt) throws Exception {
    String method = Character.toLowerCase(killedAt.charAt(0)) + killedAt.substring(1);
    String portMethod =
        switch (killedAt) {
          case "PutBucketLifecycleConfiguration" -> "putBucketLifecycle";
          default -> method;
        };
    InterceptedCloud dying =
        new InterceptedCloud(
            world.sim,
            InterceptedCloud.atCall(
                portMethod::equals,
                1,
                api -> {
                  throw new Killed();
                }));
    Throwable t =
        catchThrowable(
            () ->
                new Deployer(dying, world.polling, world.progress)
                    .deploy(SimWorld.spec(TWENTY), Deployer.Options.NONE));
    assertThat(t).isInstanceOf(Killed.class);
    assertThat(world.sim.templates().bucket(BUCKET)).isPresent();
    assertThat(world.sim.stacks().describeStack(NAME)).isEmpty();
    world.lines.clear();

    world.deployer().deploy(SimWorld.spec(TWENTY), Deployer.Options.NONE);

    assertSecured(world.sim.templates().bucket(BUCKET).orElseThrow(), "eu-west-1");
    assertThat(world.calls("CreateBucket")).isEqualTo(1);
    assertThat(world.lines)
        .filteredOn(line -> line.contains(BUCKET))
        .containsExactly(
            "templates over 51,200 bytes go through S3 bucket "
                + BUCKET
                + ": its settings are now complete");
    assertThat(world.stack(NAME).status().succeeded()).isTrue();
  }

  @Test
  void aBucketCreatedByAnotherRunBetweenTheChecksIsTakenOverAndConfigured() throws Exception {
    SimCloud sim = world.sim;
    InterceptedCloud racing =
        new InterceptedCloud(
            sim,
            InterceptedCloud.atCall(
                "createBucket"::equals, 1, api -> sim.templates().addBucket(BUCKET)));

    TemplateBucket.Target target = TemplateBucket.ensure(racing, world.progress);

    assertThat(target).isEqualTo(new TemplateBucket.Target(BUCKET, SimCloud.ACCOUNT_ID));
    assertSecured(sim.templates().bucket(BUCKET).orElseThrow(), "eu-west-1");
  }

  @Test
  void aNameAnotherAccountOwnsIsRefusedNamingTheFix() {
    world.sim.templates().addBucketOf("210987654321", BUCKET, "eu-west-1");

    Throwable t =
        catchThrowable(() -> world.deployer().deploy(SimWorld.spec(TWENTY), Deployer.Options.NONE));

    assertThat(t)
        .isInstanceOfSatisfying(
            OpsException.class, e -> assertThat(e.kind()).isEqualTo(OpsException.Kind.REFUSED))
        .hasMessage(
            "S3 bucket "
                + BUCKET
                + ", the template bucket's name for account 123456789012, belongs to another"
                + " account (or these credentials may not read it: s3:ListBucket); nothing was"
                + " changed; pass --s3-bucket BUCKET to send the template through a bucket of"
                + " your own");
    assertThat(world.calls("PutObject")).isZero();
    assertThat(world.sim.stacks().describeStack(NAME)).isEmpty();
    assertThat(world.sim.templates().bucket(BUCKET).orElseThrow().owner())
        .isEqualTo("210987654321");
  }

  @Test
  void aNameTakenByAnotherAccountJustBeforeCreateBucketIsRefusedToo() {
    SimCloud sim = world.sim;
    InterceptedCloud sniped =
        new InterceptedCloud(
            sim,
            InterceptedCloud.atCall(
                "createBucket"::equals,
                1,
                api -> sim.templates().addBucketOf("210987654321", BUCKET, "eu-west-1")));

    Throwable t = catchThrowable(() -> TemplateBucket.ensure(sniped, world.progress));

    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("belongs to another account");
    assertThat(world.calls("PutBucketEncryption")).isZero();
  }

  @Test
  void theNameFitsS3sRulesInTheLongestRegions() {
    for (String region : List.of("us-isof-southeast-1", "ap-southeast-7", "us-gov-west-1")) {
      String name = TemplateBucket.name("123456789012", region);
      assertThat(name).matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]").hasSizeLessThanOrEqualTo(63);
    }
  }

  /** Every setting the bucket must have, read back from the model. */
  static void assertSecured(SimBucket bucket, String region) throws Exception {
    assertThat(bucket.owner()).isEqualTo(SimCloud.ACCOUNT_ID);
    assertThat(bucket.region()).isEqualTo(region);
    assertThat(bucket.encryption()).isEqualTo(BucketSettings.SSE_S3);
    assertThat(bucket.publicAccessBlock()).isEqualTo(PublicAccessBlock.ALL);
    assertThat(bucket.objectOwnership()).isEqualTo("BucketOwnerEnforced");
    assertThat(bucket.lifecycle()).containsExactly(TemplateBucket.EXPIRATION);
    assertThat(TemplateBucket.EXPIRATION.prefix()).isEqualTo("stateful-cluster/");
    JsonNode statement = new ObjectMapper().readTree(bucket.policy()).get("Statement").get(0);
    assertThat(statement.get("Effect").asText()).isEqualTo("Deny");
    assertThat(statement.get("Principal").asText()).isEqualTo("*");
    assertThat(statement.get("Action").asText()).isEqualTo("s3:*");
    assertThat(statement.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
    assertThat(statement.get("Resource"))
        .extracting(JsonNode::asText)
        .containsExactly("arn:aws:s3:::" + bucket.name(), "arn:aws:s3:::" + bucket.name() + "/*");
  }

  /** The tool's process dies: an Error, which nothing in the tool catches. */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;
  }
}
