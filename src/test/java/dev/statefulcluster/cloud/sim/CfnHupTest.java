package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The model's cfn-hup against what aws-cfn-bootstrap does (docs/aws-facts.md, "cfn-hup and the
 * console output"): how often it polls, what it reads from the disk, what its triggers do, and what
 * it keeps across a stop and start.
 */
class CfnHupTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
  private static final String CONF = "[main]\nstack=arn:aws:cloudformation:eu-west-1:1:stack/s/x\n";
  private static final String TWO_HOOKS =
      "[vol]\ntriggers=post.update\npath=Resources.Vol\naction=grow\n\n"
          + "[cfg]\ntriggers=post.update\npath=Resources.Cfg.Metadata.a\naction=refresh\n";

  /** cfn-init of resource R's config set default, whose one config writes {@code files}. */
  private static NodeDisk written(Map<String, String> files) {
    NodeDisk disk = new NodeDisk();
    writeAgain(disk, files);
    return disk;
  }

  private static void writeAgain(NodeDisk disk, Map<String, String> files) {
    var init = JSON.createObjectNode();
    init.putObject("configSets").putArray("default").add("c");
    var f = init.putObject("c").putObject("files");
    files.forEach((path, content) -> f.putObject(path).put("content", content));
    JsonNode metadata = JSON.createObjectNode().set("AWS::CloudFormation::Init", init);
    CfnEndpoint cfn =
        new CfnEndpoint() {
          @Override
          public void signalResource(String s, String l, String u, boolean ok) {}

          @Override
          public Optional<Instant> lastUpdated(String s, String l) {
            return Optional.empty();
          }

          @Override
          public boolean inProgress(String s, String l) {
            return false;
          }

          @Override
          public Optional<JsonNode> metadata(String s, String l) {
            return Optional.of(metadata);
          }
        };
    NodeDisk.Host host =
        new NodeDisk.Host() {
          @Override
          public int grow(List<String> args) {
            return 0;
          }

          @Override
          public void called(String api) {}
        };
    assertThat(disk.cfnInit(host, cfn, "s", "R", "default", Map.of(), 0)).isZero();
  }

  @Test
  void theDaemonPollsEveryIntervalOneCallPerWatchedResource() {
    CfnHup hup =
        CfnHup.start(
            written(Map.of(CfnHup.CONF, CONF + "interval=1\n", CfnHup.HOOKS_CONF, TWO_HOOKS)));
    hup.firstPoll(T0);

    assertThat(hup.stack).isEqualTo("s");
    assertThat(hup.period).isEqualTo(Duration.ofMinutes(1));
    // The poll at start, then one a minute: 2 calls each, 120 an hour.
    assertThat(hup.calls(T0)).isEqualTo(2);
    assertThat(hup.calls(T0.plus(Duration.ofHours(1)))).isEqualTo(2 + 120);
    // An action that waited 15 minutes pushes the next poll to a minute after it ended.
    hup.tookLonger(T0, Duration.ofMinutes(15));
    assertThat(hup.calls(T0.plus(Duration.ofMinutes(15)))).isEqualTo(2);
    assertThat(hup.nextPoll(T0)).isEqualTo(T0.plus(Duration.ofMinutes(16)));
  }

  @Test
  void withoutAnIntervalItPollsEveryQuarterHourAndBelowOneMinuteItDoesNotStart() {
    assertThat(
            CfnHup.start(written(Map.of(CfnHup.CONF, CONF, CfnHup.HOOKS_CONF, TWO_HOOKS))).period)
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(
            CfnHup.start(
                written(Map.of(CfnHup.CONF, CONF + "interval=0\n", CfnHup.HOOKS_CONF, TWO_HOOKS))))
        .isNull();
    assertThat(CfnHup.start(written(Map.of(CfnHup.HOOKS_CONF, TWO_HOOKS)))).as("no conf").isNull();
    assertThat(CfnHup.start(written(Map.of(CfnHup.CONF, CONF)))).as("no hook").isNull();
  }

  @Test
  void runWithNoDaemonUnderRestartAlwaysItPollsEveryRestartSec() {
    // The unit the template wrote before: what the issue measured, two calls about every 10 s.
    String unit =
        "[Service]\nType=simple\nExecStart=/opt/aws/bin/cfn-hup --no-daemon\n"
            + "Restart=always\nRestartSec=10\n";
    CfnHup hup =
        CfnHup.start(
            written(
                Map.of(
                    CfnHup.CONF,
                    CONF + "interval=1\n",
                    CfnHup.HOOKS_CONF,
                    TWO_HOOKS,
                    CfnHup.UNIT,
                    unit)));
    hup.firstPoll(T0);

    assertThat(hup.period).isEqualTo(Duration.ofSeconds(10));
    assertThat(hup.calls(T0.plus(Duration.ofHours(1))) - hup.calls(T0)).isEqualTo(720);
  }

  @Test
  void everyFileInHooksDIsReadCfnInitsBakCopiesToo() {
    String live = "[grow]\ntriggers=post.update\npath=Resources.Vol\naction=/new/grow\n";
    String stale = "[grow]\ntriggers=post.update\npath=Resources.Vol\naction=/old/grow\n";
    NodeDisk disk = written(Map.of(CfnHup.CONF, CONF, CfnHup.HOOKS_DIR + "grow.conf", stale));
    // Written again: cfn-init keeps the old file as grow.conf.bak.
    writeAgain(disk, Map.of(CfnHup.HOOKS_DIR + "grow.conf", live));
    assertThat(disk.file(CfnHup.HOOKS_DIR + "grow.conf.bak")).contains(stale);

    CfnHup hup = CfnHup.start(disk);

    // One section name in two files: merged, the later file's keys win — the stale action.
    assertThat(hup.hooks).hasSize(1);
    assertThat(hup.hooks.get(0).action()).isEqualTo("/old/grow");
  }

  @Test
  void anUnchangedRewriteKeepsTheOlderBak() {
    NodeDisk disk = written(Map.of("/etc/x", "one"));
    writeAgain(disk, Map.of("/etc/x", "two"));
    writeAgain(disk, Map.of("/etc/x", "two"));

    assertThat(disk.file("/etc/x")).contains("two");
    assertThat(disk.file("/etc/x.bak")).contains("one");
  }

  @Test
  void theFirstValueIsOnlyABaselineUnlessTheHookTriggersOnPostAdd() {
    CfnHup.Hook update = new CfnHup.Hook("h", List.of("post.update"), "Resources.V", "a");
    CfnHup.Hook add = new CfnHup.Hook("h", List.of("post.add", "post.update"), "Resources.V", "a");

    assertThat(CfnHup.decide(update, null, T0)).isEqualTo(CfnHup.Decision.STORE);
    assertThat(CfnHup.decide(add, null, T0)).isEqualTo(CfnHup.Decision.RUN);
    assertThat(CfnHup.decide(update, T0, T0)).isEqualTo(CfnHup.Decision.STORE);
    assertThat(CfnHup.decide(update, T0, T0.plusSeconds(1))).isEqualTo(CfnHup.Decision.RUN);
    // An empty value is Python's false: nothing to compare.
    assertThat(CfnHup.decide(update, JSON.createObjectNode(), JSON.createObjectNode().put("a", 1)))
        .isEqualTo(CfnHup.Decision.STORE);
  }

  // ---- on the test cluster, whose hooks trigger on post.update only ----

  private static final long GIB = 1L << 30;

  private static List<Long> deviceGib(Scenario sc, String instance) {
    return sc.sim
        .ec2()
        .getConsoleOutput(instance, true)
        .lines()
        .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)) / GIB)
        .toList();
  }

  @Test
  void aGrowWhileTheInstanceWasStoppedIsSeenWhenItStartsAgain() {
    Scenario sc = new Scenario();
    sc.createCluster();
    sc.sleep(Duration.ofMinutes(2));
    String node1 = sc.physicalId("Node1Instance");
    sc.sim.ec2().stopInstance(node1);
    sc.sleep(Duration.ofMinutes(1));

    sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "200"));
    sc.sleep(Duration.ofMinutes(5));
    assertThat(deviceGib(sc, node1)).containsExactly(100L);
    sc.sim.ec2().startInstance(node1);
    sc.sleep(Duration.ofMinutes(2));

    // The stored LastUpdatedTimestamp survived on the root disk: the first poll after the start
    // sees the update (a fresh baseline would have swallowed it).
    assertThat(deviceGib(sc, node1)).containsExactly(100L, 200L);
  }

  @Test
  void aPostUpdateHookMissesAGrowThatLandsBeforeItsFirstAnsweredPoll() {
    Scenario sc = new Scenario();
    sc.sim.ec2().failCfnHupPolls(Duration.ofMinutes(20));
    sc.createCluster();
    sc.update(Scenario.cluster(), Scenario.keep("VolumeSize", "200"));
    String node1 = sc.physicalId("Node1Instance");
    long during = sc.sim.ec2().helperCalls(node1).get("DescribeStackResource");

    sc.sleep(Duration.ofHours(1));

    // Its first answered poll stored the grown volume's timestamp as a baseline: never grown.
    assertThat(deviceGib(sc, node1)).containsExactly(100L);
    // One resource watched, a poll a minute, answered or not.
    assertThat(sc.sim.ec2().helperCalls(node1).get("DescribeStackResource") - during).isEqualTo(60);
  }
}
