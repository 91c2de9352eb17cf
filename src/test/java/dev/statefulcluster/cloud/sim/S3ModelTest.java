package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.BucketHead;
import dev.statefulcluster.cloud.BucketSettings;
import dev.statefulcluster.cloud.BucketSettings.ExpirationRule;
import dev.statefulcluster.cloud.BucketSettings.PublicAccessBlock;
import dev.statefulcluster.cloud.CloudException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model's S3 buckets and STS identity as AWS documents them: one global namespace, the owner's
 * and everyone else's answers to CreateBucket and HeadBucket, the expected owner, what a new bucket
 * has, the checks of each setting.
 */
class S3ModelTest {
  static final String OTHER = "210987654321";
  static final String ME = SimCloud.ACCOUNT_ID;

  final SimCloud ireland = new SimCloud(SimLatencies.defaults(), "eu-west-1");
  final SimS3 s3 = ireland.templates();

  @Test
  void theCallerIsAnIamUserOfTheModelsAccountInTheRegionsPartition() {
    assertThat(ireland.identity().callerIdentity().account()).isEqualTo(ME);
    assertThat(ireland.identity().callerIdentity().partition()).isEqualTo("aws");
    assertThat(ireland.inRegion("cn-north-1").identity().callerIdentity().partition())
        .isEqualTo("aws-cn");
    assertThat(ireland.calls()).containsEntry("GetCallerIdentity", 2);
  }

  @Test
  void aNewBucketIsEncryptedPrivateAndOwnerEnforcedWithNoPolicyOrLifecycle() {
    s3.createBucket("b-1", "eu-west-1");

    SimBucket b = s3.bucket("b-1").orElseThrow();
    assertThat(b.owner()).isEqualTo(ME);
    assertThat(b.region()).isEqualTo("eu-west-1");
    assertThat(b.encryption()).isEqualTo("AES256");
    assertThat(b.publicAccessBlock()).isEqualTo(PublicAccessBlock.ALL);
    assertThat(b.objectOwnership()).isEqualTo("BucketOwnerEnforced");
    assertThat(b.policy()).isNull();
    assertThat(b.lifecycle()).isEmpty();
    assertThat(s3.headBucket("b-1", ME)).isEqualTo(BucketHead.owned("eu-west-1"));
  }

  @Test
  void creatingAgainIsBucketAlreadyOwnedByYouExceptInNorthVirginia() {
    s3.createBucket("b-1", "eu-west-1");
    assertThatThrownBy(() -> s3.createBucket("b-1", "eu-west-1"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("BucketAlreadyOwnedByYou"));

    SimS3 virginia = ireland.inRegion("us-east-1").templates();
    virginia.createBucket("b-2", "us-east-1");
    virginia.createBucket("b-2", "us-east-1");
    assertThat(virginia.bucket("b-2").orElseThrow().region()).isEqualTo("us-east-1");
  }

  @Test
  void namesAreGlobalAcrossAccountsAndRegions() {
    s3.addBucketOf(OTHER, "taken", "ap-south-1");

    assertThatThrownBy(() -> s3.createBucket("taken", "eu-west-1"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("BucketAlreadyExists"));
    assertThat(s3.headBucket("taken", ME)).isEqualTo(BucketHead.forbidden());
    assertThat(s3.headBucket("taken", null)).isEqualTo(BucketHead.forbidden());
    assertThat(s3.headBucket("nobody-has-this", ME)).isEqualTo(BucketHead.notFound());

    s3.createBucket("mine", "eu-west-1");
    assertThat(ireland.inRegion("us-east-2").templates().bucket("mine")).isPresent();
  }

  @Test
  void theWrongExpectedOwnerIsAccessDenied() {
    s3.createBucket("mine", "eu-west-1");

    assertThat(s3.headBucket("mine", OTHER)).isEqualTo(BucketHead.forbidden());
    assertThatThrownBy(() -> s3.put("mine", OTHER, "k.json", "{}"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> s3.putBucketPolicy("mine", OTHER, "{}"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("AccessDenied"));
  }

  @Test
  void aBucketIsCreatedInTheEndpointsRegionAndUsedThere() {
    assertThatThrownBy(() -> s3.createBucket("elsewhere", "us-west-2"))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> assertThat(e.code()).isEqualTo("IllegalLocationConstraintException"));

    s3.createBucket("irish", "eu-west-1");
    SimS3 ohio = ireland.inRegion("us-east-2").templates();
    assertThatThrownBy(() -> ohio.put("irish", ME, "k.json", "{}"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("PermanentRedirect"));
  }

  @Test
  void putObjectNeedsAnExistingBucketWithAValidName() {
    assertThatThrownBy(() -> s3.put("no-such-bucket", null, "k.json", "{}"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("NoSuchBucket"));
    assertThatThrownBy(() -> s3.createBucket("Upper_Case", "eu-west-1"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidBucketName"));
    assertThatThrownBy(() -> s3.createBucket("xn--bucket", "eu-west-1"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidBucketName"));
  }

  @Test
  void aPublicPolicyIsRefusedWhileBlockPublicPolicyIsOn() {
    s3.createBucket("b-1", "eu-west-1");
    String open =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b-1/*\"}]}";

    assertThatThrownBy(() -> s3.putBucketPolicy("b-1", ME, open))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("AccessDenied"));

    s3.putPublicAccessBlock("b-1", ME, new PublicAccessBlock(true, true, false, true));
    s3.putBucketPolicy("b-1", ME, open);
    assertThat(s3.bucket("b-1").orElseThrow().policy()).isEqualTo(open);
  }

  @Test
  void aPolicyMustBeJsonAboutTheBucketItself() {
    s3.createBucket("b-1", "eu-west-1");

    assertThatThrownBy(() -> s3.putBucketPolicy("b-1", ME, "not json"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("MalformedPolicy"));
    assertThatThrownBy(
            () ->
                s3.putBucketPolicy(
                    "b-1",
                    ME,
                    "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"arn:aws:s3:::another-bucket/*\"}]}"))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> assertThat(e.getMessage()).isEqualTo("Policy has invalid resource"));
  }

  @Test
  void settingsAreCheckedAndReplaced() {
    s3.createBucket("b-1", "eu-west-1");

    assertThatThrownBy(() -> s3.putBucketEncryption("b-1", ME, "DES"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("MalformedXML"));
    assertThatThrownBy(() -> s3.putBucketOwnershipControls("b-1", ME, "Anyone"))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("MalformedXML"));
    assertThatThrownBy(
            () -> s3.putBucketLifecycle("b-1", ME, List.of(new ExpirationRule("r", "p/", 0))))
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.code()).isEqualTo("InvalidArgument"));

    s3.putBucketEncryption("b-1", ME, "aws:kms");
    s3.putBucketOwnershipControls("b-1", ME, "ObjectWriter");
    s3.putBucketLifecycle("b-1", ME, List.of(new ExpirationRule("a", "x/", 3)));
    s3.putBucketLifecycle("b-1", ME, List.of(new ExpirationRule("b", "y/", 5)));
    SimBucket b = s3.bucket("b-1").orElseThrow();
    assertThat(b.encryption()).isEqualTo("aws:kms");
    assertThat(b.objectOwnership()).isEqualTo("ObjectWriter");
    assertThat(s3.bucketLifecycle("b-1", ME)).containsExactly(new ExpirationRule("b", "y/", 5));
    assertThat(BucketSettings.SSE_S3).isEqualTo("AES256");
  }

  @Test
  void cloudFormationReadsOnlyObjectsTheCallerMayRead() {
    s3.addBucketOf(OTHER, "theirs", "eu-west-1");
    s3.createBucket("mine", "eu-west-1");
    String url = s3.put("mine", ME, "t.json", "{\"Resources\":{}}");

    assertThat(s3.read(url)).isEqualTo("{\"Resources\":{}}");
    assertThat(url).isEqualTo("https://mine.s3.eu-west-1.amazonaws.com/t.json");
    assertThatThrownBy(() -> s3.read("https://theirs.s3.eu-west-1.amazonaws.com/t.json"))
        .hasMessage("TemplateURL must reference a valid S3 object to which you have access.");
    assertThat(s3.read("https://s3.eu-west-1.amazonaws.com/mine/t.json"))
        .isEqualTo("{\"Resources\":{}}");
  }
}
