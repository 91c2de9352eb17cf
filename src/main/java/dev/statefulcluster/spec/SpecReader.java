package dev.statefulcluster.spec;

import dev.statefulcluster.spec.SourceNode.ListNode;
import dev.statefulcluster.spec.SourceNode.Scalar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and checks a cluster file. All problems are collected and thrown together as one {@link
 * SpecException}; a returned {@link ClusterSpec} has none.
 */
public final class SpecReader {
  static final Duration DEFAULT_SIGNAL_TIMEOUT = Duration.ofMinutes(15);
  static final Duration MAX_SIGNAL_TIMEOUT = Duration.ofHours(12);

  private final Problems problems;
  private final Map<String, Integer> lines = new HashMap<>();

  private SpecReader(String file) {
    this.problems = new Problems(file);
  }

  public static ClusterSpec read(Path file) {
    return read(file.toString(), SpecFile.text(file));
  }

  public static ClusterSpec read(String file, String text) {
    return new SpecReader(file).readDocument(text);
  }

  private ClusterSpec readDocument(String text) {
    SourceNode root = YamlSource.parse(problems.file(), text, problems);
    MapReader top = MapReader.of(root, "", "a cluster description", problems, lines);

    String name = top.id("name", true, Ids.CLUSTER_NAME);
    String vpc = top.id("vpc", false, Ids.VPC);
    String instanceType = top.id("instanceType", true, Ids.INSTANCE_TYPE);
    ImageSpec image = readImage(top);
    String keyPair = top.id("keyPair", false, Ids.KEY_PAIR);
    String defaultAmi = image == null ? null : image.ami();
    NodesReader.Result nodes = NodesReader.read(top, defaultAmi);
    VolumeSpec volume = VolumeReader.read(top);
    AccessSpec access = AccessReader.read(top);
    HealthSpec health = readHealth(top);
    boolean recovery = Boolean.TRUE.equals(top.bool("recovery"));
    String bootstrap =
        top.text(
            "bootstrap",
            false,
            "write the shell script that installs and starts the service, as a YAML block (|)");
    String reload =
        top.text(
            "reload",
            false,
            "write the shell command that makes the running service pick up a changed"
                + " node.env (e.g. a new CLUSTER_ADDRESSES), such as 'systemctl reload etcd'");
    bootstrap =
        blank(
            top,
            "bootstrap",
            bootstrap,
            "is empty; remove it or write the shell script that installs and starts the service");
    reload =
        blank(
            top,
            "reload",
            reload,
            "is empty; remove it or write the command that makes the service pick up a changed"
                + " node.env");
    List<String> policies = readPolicies(top);
    Map<String, String> tags = TagsReader.read(top);
    LayoutSpec layout = readLayout(top);
    top.finish();
    problems.throwIfAny();
    return new ClusterSpec(
        name,
        vpc,
        instanceType,
        image,
        keyPair,
        nodes.nodes(),
        nodes.counted(),
        volume,
        access,
        health,
        recovery,
        bootstrap,
        reload,
        policies,
        tags,
        layout,
        new SourceMap(problems.file(), lines));
  }

  /** {@code value}, or null with a problem when it is blank: a script of nothing is a mistake. */
  private String blank(MapReader top, String key, String value, String problem) {
    if (value != null && value.isBlank()) {
      problems.add(top.lineOf(key), key, problem);
      return null;
    }
    return value;
  }

  private ImageSpec readImage(MapReader top) {
    Optional<SourceNode> node = top.node("image");
    if (node.isEmpty()) {
      top.missing("image", "add 'image:' with 'ami: ami-…' (the AMI the nodes run)");
      return null;
    }
    MapReader r = MapReader.of(node.get(), "image", "the nodes' image", problems, lines);
    String ami = r.id("ami", true, Ids.AMI);
    String osText = r.text("os", false, "write " + OsFamily.choices());
    OsFamily os = OsFamily.AMAZON_LINUX_2023;
    if (osText != null) {
      os = OsFamily.of(osText);
      if (os == null) {
        problems.add(
            r.lineOf("os"),
            "image.os",
            "'" + osText + "' is not a supported OS family;" + " write " + OsFamily.choices());
      }
    }
    Integer rootSize =
        r.integer(
            "rootVolumeSize",
            false,
            8,
            16_384,
            "write the root volume size in GiB (8 to 16384), or leave it out to keep the AMI's");
    String rootDevice = r.id("rootDevice", false, Ids.ROOT_DEVICE);
    r.finish();
    return ami == null || os == null ? null : new ImageSpec(ami, os, rootSize, rootDevice);
  }

  private LayoutSpec readLayout(MapReader top) {
    Optional<SourceNode> node = top.node("layout");
    if (node.isEmpty()) {
      return LayoutSpec.DEFAULT;
    }
    MapReader r = MapReader.of(node.get(), "layout", "the stacks' layout", problems, lines);
    boolean nested = Boolean.TRUE.equals(r.bool("nested"));
    Integer size =
        r.integer(
            "groupSize",
            false,
            1,
            LayoutSpec.MAX_GROUP_SIZE,
            "write the nodes per pair of nested stacks (1 to "
                + LayoutSpec.MAX_GROUP_SIZE
                + "), or leave it out for "
                + LayoutSpec.DEFAULT_GROUP_SIZE);
    r.finish();
    return new LayoutSpec(nested, size);
  }

  private HealthSpec readHealth(MapReader top) {
    Optional<SourceNode> node = top.node("health");
    if (node.isEmpty()) {
      return new HealthSpec(DEFAULT_SIGNAL_TIMEOUT, null);
    }
    MapReader r = MapReader.of(node.get(), "health", "health settings", problems, lines);
    Duration timeout = DEFAULT_SIGNAL_TIMEOUT;
    String text = r.text("signalTimeout", false, "write a duration such as 15m, 90s or 2h");
    if (text != null) {
      timeout = Durations.parse(text);
      if (timeout == null) {
        problems.add(
            r.lineOf("signalTimeout"),
            "health.signalTimeout",
            "'" + text + "' is not a duration; write one such as 15m, 90s, 2h or PT15M");
      } else if (timeout.compareTo(Duration.ofMinutes(1)) < 0
          || timeout.compareTo(MAX_SIGNAL_TIMEOUT) > 0) {
        problems.add(
            r.lineOf("signalTimeout"),
            "health.signalTimeout",
            "'" + text + "' is outside 1m to 12h (CloudFormation's limits for a resource signal)");
        timeout = null;
      }
    }
    String command =
        r.text(
            "command",
            false,
            "write a shell command that exits 0 once the node serves, e.g. 'nc -z localhost 9092'");
    if (command != null && command.isBlank()) {
      problems.add(
          r.lineOf("command"),
          "health.command",
          "is empty; remove it or write a" + " command that exits 0 once the node serves");
      command = null;
    }
    r.finish();
    return timeout == null ? null : new HealthSpec(timeout, command);
  }

  private List<String> readPolicies(MapReader top) {
    List<String> out = new ArrayList<>();
    Optional<SourceNode> node = top.node("iamPolicies");
    if (node.isEmpty()) {
      return out;
    }
    if (!(node.get() instanceof ListNode list)) {
      problems.add(
          node.get().line(),
          "iamPolicies",
          "expected a list of managed policy ARNs, found " + node.get().describe());
      return out;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      SourceNode item = list.items().get(i);
      String path = "iamPolicies[" + i + "]";
      if (item instanceof Scalar s
          && s.kind() == Scalar.Kind.STRING
          && Ids.IAM_POLICY_ARN.matches(s.text())) {
        Integer first = seen.putIfAbsent(s.text(), s.line());
        if (first != null) {
          problems.add(
              s.line(),
              path,
              s.text() + " is listed already (line " + first + "); list each policy once");
          continue;
        }
        out.add(s.text());
      } else {
        problems.add(
            item.line(),
            path,
            item instanceof Scalar s && s.kind() != Scalar.Kind.NULL
                ? Ids.IAM_POLICY_ARN.complaint(s.text())
                : "expected a managed policy ARN, found " + item.describe());
      }
    }
    return out;
  }
}
