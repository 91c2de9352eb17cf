package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.ChangeSetType;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.ResourceChange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Throttling, call counting, S3 template URLs and the size limits of template bodies. */
class ApiBehaviourTest {
  private final Scenario sc = new Scenario();

  @Test
  void throttledCallsFailRetryablyAndAreCounted() {
    sc.createCluster();
    sc.sim.throttle("DescribeStackEvents", 2);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> sc.sim.stacks().describeStackEvents(Scenario.STACK, 10))
          .isInstanceOfSatisfying(
              CloudException.class,
              e -> {
                assertThat(e.code()).isEqualTo("Throttling");
                assertThat(e.getMessage()).isEqualTo("Rate exceeded");
                assertThat(e.retryable()).isTrue();
                assertThat(e.isThrottling()).isTrue();
              });
    }
    assertThat(sc.sim.stacks().describeStackEvents(Scenario.STACK, 10)).hasSize(10);
    assertThat(sc.sim.calls()).containsEntry("DescribeStackEvents", 3);
  }

  @Test
  void everyKthCallCanBeThrottled() {
    sc.sim.throttleEvery("DescribeVpcs", 3);
    int failures = 0;
    for (int i = 0; i < 9; i++) {
      try {
        sc.sim.ec2().describeVpcs(List.of("vpc-1"));
      } catch (CloudException e) {
        failures++;
      }
    }
    assertThat(failures).isEqualTo(3);
  }

  @Test
  void callsAreCountedPerApiAndPerPage() {
    sc.createCluster();
    int before = sc.sim.totalCalls();
    sc.sim.stacks().describeStackEvents(Scenario.STACK, 250);

    assertThat(sc.sim.calls().get("DescribeStacks")).isPositive();
    assertThat(sc.sim.calls())
        .containsKeys("CreateChangeSet", "DescribeChangeSet", "ExecuteChangeSet");
    assertThat(sc.sim.totalCalls() - before)
        .isEqualTo(1 + (Math.min(250, sc.eventsOldestFirst().size()) - 1) / 100);
    assertThat(sc.sim.totalCalls())
        .isEqualTo(sc.sim.calls().values().stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void aTemplateOverTheInlineLimitGoesThroughS3() {
    // Padded in the Metadata section: a description may take no more than 1,024 bytes.
    String big =
        Scenario.cluster()
            .replace(
                "\"Description\": \"test cluster",
                "\"Metadata\": {\"Padding\": \""
                    + "x".repeat(60_000)
                    + "\"}, \"Description\": \"test cluster");
    assertThat(big.length()).isGreaterThan(ChangeSetStore.MAX_INLINE_BYTES);

    assertThatThrownBy(() -> sc.changeSet(ChangeSetType.CREATE, big, List.of()))
        .hasMessage(
            "1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200");

    sc.sim.templates().addBucket("my-templates");
    String url = sc.sim.templates().put("my-templates", null, "kafka/template.json", big);
    assertThat(url)
        .isEqualTo("https://my-templates.s3.us-east-1.amazonaws.com/kafka/template.json");
    var request =
        new ChangeSetRequest(
            Scenario.STACK,
            "from-s3",
            ChangeSetType.CREATE,
            null,
            url,
            false,
            List.of(),
            Scenario.IAM,
            Map.of(),
            null);
    sc.sim.stacks().createChangeSet(request);
    assertThat(sc.awaitChangeSet("from-s3").status()).isEqualTo("CREATE_COMPLETE");
  }

  @Test
  void aTemplateDescriptionTakesAtMost1024Bytes() {
    String description = "test cluster: three nodes, ENI + volume + conditional instance each";
    // 1,024 bytes, two of them in one character.
    String longest = "é" + "d".repeat(1022);
    assertThat(longest.getBytes(StandardCharsets.UTF_8)).hasSize(1024);

    assertThat(
            sc.changeSet(
                    ChangeSetType.CREATE,
                    Scenario.cluster().replace(description, longest),
                    List.of())
                .status())
        .isEqualTo("CREATE_COMPLETE");
    assertThatThrownBy(
            () ->
                sc.changeSet(
                    ChangeSetType.CREATE,
                    Scenario.cluster().replace(description, longest + "d"),
                    List.of()))
        .hasMessage("Template format error: 'Description' length is greater than 1024.");
  }

  @Test
  void unknownOrForeignTemplateUrlsAreRejected() {
    var missing =
        new ChangeSetRequest(
            Scenario.STACK,
            "c1",
            ChangeSetType.CREATE,
            null,
            "https://my-templates.s3.us-east-1.amazonaws.com/none.json",
            false,
            List.of(),
            Scenario.IAM,
            Map.of(),
            null);
    assertThatThrownBy(() -> sc.sim.stacks().createChangeSet(missing))
        .hasMessage("TemplateURL must reference a valid S3 object to which you have access.");
    var foreign =
        new ChangeSetRequest(
            Scenario.STACK,
            "c1",
            ChangeSetType.CREATE,
            null,
            "https://example.com/t.json",
            false,
            List.of(),
            Scenario.IAM,
            Map.of(),
            null);
    assertThatThrownBy(() -> sc.sim.stacks().createChangeSet(foreign))
        .hasMessage("TemplateURL must be a supported URL.");
  }

  @Test
  void usePreviousTemplateReusesTheStacksTemplate() {
    sc.createCluster();
    var previous =
        new ChangeSetRequest(
            Scenario.STACK,
            "again",
            ChangeSetType.UPDATE,
            null,
            null,
            true,
            Scenario.keep("NodeDown", "node1"),
            Scenario.IAM,
            Map.of(),
            null);
    sc.sim.stacks().createChangeSet(previous);

    assertThat(sc.awaitChangeSet("again").changes())
        .singleElement()
        .extracting(c -> c.action())
        .isEqualTo(ResourceChange.Action.REMOVE);
    assertThat(sc.sim.stacks().getTemplate(Scenario.STACK)).isEqualTo(Scenario.cluster());
  }

  @Test
  void describeCallsReturnOnlyWhatExists() {
    assertThat(sc.sim.ec2().describeSubnets(List.of("subnet-a", "subnet-x", "subnet-a")))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.availabilityZone()).isEqualTo("us-east-1a");
              assertThat(s.cidrBlock()).isEqualTo("10.0.1.0/24");
            });
    assertThat(sc.sim.ec2().describeImages(List.of("ami-new", "ami-gone")))
        .extracting(i -> i.name())
        .containsExactly("node-v2");
    assertThat(sc.sim.ec2().describeKeyPairs(List.of("ops", "dev"))).containsExactly("ops");
    assertThat(sc.sim.ec2().describeInstances(List.of("i-00000000000000000"))).isEmpty();
    assertThatThrownBy(() -> sc.sim.ec2().getConsoleOutput("i-00000000000000000", true))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> assertThat(e.code()).isEqualTo("InvalidInstanceID.NotFound"));
  }

  @Test
  void theStackNameMustBeValid() {
    var bad =
        new ChangeSetRequest(
            "1kafka",
            "c1",
            ChangeSetType.CREATE,
            Scenario.cluster(),
            null,
            false,
            List.of(),
            Scenario.IAM,
            Map.of(),
            null);
    assertThatThrownBy(() -> sc.sim.stacks().createChangeSet(bad))
        .hasMessageContaining("Value '1kafka' at 'stackName' failed to satisfy constraint");
  }
}
