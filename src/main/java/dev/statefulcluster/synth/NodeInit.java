package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.spec.VolumeSpec;
import dev.statefulcluster.template.CfnInit;
import dev.statefulcluster.template.Fn;
import dev.statefulcluster.template.InitCommand;
import dev.statefulcluster.template.InitConfig;
import dev.statefulcluster.template.InitConfig.SystemdService;
import dev.statefulcluster.template.InitFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nodes' cfn-init metadata, in two parts.
 *
 * <p>What every node shares is written once, on the {@code NodeConfig} resource: config set {@code
 * default} installs the node script and cfn-hup's files, writes node.env, prepares and mounts the
 * data volume, runs the user's bootstrap, waits for the health command and then starts cfn-hup as
 * its daemon; config set {@code refresh} (run by cfn-hup when the cluster's values change, e.g. a
 * node was added) rewrites node.env and runs the user's reload command when it changed.
 *
 * <p>Each node's instance keeps a small part: config set {@code default} (what its user data runs)
 * runs cfn-init on {@code NodeConfig} with the node's own values in the environment (number,
 * volume, address, label), and config set {@code update} (run by cfn-hup at its first poll and
 * whenever the node's volume resource changes) grows the filesystem to the volume's size. Both
 * names and the hook are what instances launched by earlier versions run, so they keep working on
 * this shape.
 *
 * <p>Every value that reaches a command here was validated by the spec reader (ids, paths, labels
 * of a fixed character set) or is an AWS id that CloudFormation substitutes; the node script checks
 * the shape of each again.
 */
final class NodeInit {
  /**
   * Both cfn-hup hooks, in the hooks file cfn-hup reads beside hooks.d. Not in hooks.d: cfn-hup
   * reads every file there, and cfn-init, writing a file that exists, keeps the old one as {@code
   * FILE.bak}, which in hooks.d would be read as a hook too and merged with the live one in an
   * order nobody chooses; a {@code hooks.conf.bak} in /etc/cfn is never read.
   */
  static final String HOOKS_CONF = "/etc/cfn/hooks.conf";

  static final String CFN_HUP_CONF = "/etc/cfn/cfn-hup.conf";

  /**
   * How often cfn-hup polls: about one DescribeStackResource per hook a poll, so two a minute per
   * node; a grow reaches a node's filesystem within this interval.
   */
  static final Duration CFN_HUP_INTERVAL = Duration.ofMinutes(1);

  /**
   * The hooks' triggers. {@code post.add} runs the action at the first poll of a new instance (no
   * value stored yet), where {@code post.update} alone only stores a baseline: a volume grown or a
   * node added before that first poll would never reach the node. Both actions are idempotent: a
   * grow to the template's size, a rewrite of node.env that reloads only when it changed.
   */
  private static final String TRIGGERS = "triggers=post.add,post.update\n";

  /** The config of NodeConfig that cfn-hup watches: its change means node.env changes. */
  static final String CLUSTER_CONFIG = "cluster";

  /** Stands for the node number in the shared volume hook; the node fills it in. */
  private static final String NODE_MARK = "@NODE@";

  /** How long prepare waits for the volume to be attached. */
  static final Duration ATTACH_WAIT = Duration.ofMinutes(10);

  /** How long grow waits for a volume modification to show on the device. */
  static final Duration GROW_WAIT = Duration.ofMinutes(15);

  /** The grow command's argument for the size it grows the filesystem to. */
  private static final String SIZE_FLAG = " --size-gib ";

  private NodeInit() {}

  /**
   * A grow command as written here with its target size set to {@code sizeGib}; any other string
   * unchanged. Grow edits a deployed template's command this way, so that a template written by an
   * older version keeps every other argument it had.
   */
  static String withGrowSize(String command, int sizeGib) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    int at;
    while ((at = command.indexOf(SIZE_FLAG, from)) >= 0) {
      int start = at + SIZE_FLAG.length();
      int end = start;
      while (end < command.length() && Character.isDigit(command.charAt(end))) {
        end++;
      }
      out.append(command, from, start);
      out.append(end > start ? String.valueOf(sizeGib) : "");
      from = end;
    }
    return out.append(command.substring(from)).toString();
  }

  /** Node {@code n}'s own metadata: its values handed to the shared config, and its grow. */
  static Map<String, Object> metadata(ClusterSpec spec, NodeSpec node) {
    return metadata(spec, node, false);
  }

  /** As {@link #metadata(ClusterSpec, NodeSpec)}; {@code nested}: the address is a parameter. */
  static Map<String, Object> metadata(ClusterSpec spec, NodeSpec node, boolean nested) {
    int n = node.number();
    String ip = nested ? "${" + Names.privateIpOutput(n) + "}" : address(node);
    CfnInit init = new CfnInit();
    init.config(
        "node",
        InitConfig.commands(
            InitCommand.anywhere(
                "node",
                Fn.sub(
                    // Short names and options, cfn-init's default config set: this command is
                    // repeated once per node. The names are read only by NodeConfig's setup.
                    "NODE="
                        + n
                        + " VOLUME=${"
                        + Names.volume(n)
                        + "} IP="
                        + ip
                        + " LABEL="
                        + Labels.of(spec.name(), n, spec.volume().filesystem())
                        + " /opt/aws/bin/cfn-init -s ${AWS::StackName} -r "
                        + Names.NODE_CONFIG
                        + " --region ${AWS::Region}"))));
    init.config("grow", InitConfig.commands(InitCommand.anywhere("grow", growCommand(spec, n))));
    init.configSet("default", List.of("node"));
    init.configSet("update", List.of("grow"));
    return init.metadata();
  }

  private static Object growCommand(ClusterSpec spec, int n) {
    return Fn.sub(
        NodeScript.INSTALL_PATH
            + " grow --volume-id ${"
            + Names.volume(n)
            + "}"
            + " --mount "
            + spec.volume().mountPoint()
            + SIZE_FLAG
            + spec.volume().size()
            + " --wait "
            + GROW_WAIT.toSeconds());
  }

  /** A cfn-init of the stack's own resource, as {@code Fn::Sub} text. */
  private static String cfnInit(String resource, String configSet) {
    return cfnInit(resource, configSet, "${AWS::StackName}", "${AWS::Region}");
  }

  static String cfnInit(String resource, String configSet, String stack, String region) {
    return "/opt/aws/bin/cfn-init -v --stack "
        + stack
        + " --resource "
        + resource
        + " --configsets "
        + configSet
        + " --region "
        + region;
  }

  /** The metadata every node shares, on {@link Names#NODE_CONFIG}. */
  static Map<String, Object> shared(ClusterSpec spec) {
    StringBuilder addresses = new StringBuilder();
    appendAddresses(addresses, spec);
    return shared(spec, addresses.toString());
  }

  /**
   * The metadata every node shares, {@code addresses} being the {@code Fn::Sub} text of the
   * cluster's address list (in a group's stack: the network stacks' lists, passed as parameters).
   */
  static Map<String, Object> shared(ClusterSpec spec, String addresses) {
    VolumeSpec volume = spec.volume();
    CfnInit init = new CfnInit();
    init.config("setup", setup(spec));
    init.config(CLUSTER_CONFIG, cluster(spec, addresses));
    init.config(
        "prepare",
        InitConfig.commands(
            InitCommand.shell(
                "prepare",
                NodeScript.INSTALL_PATH
                    + " prepare --volume-id \"$VOLUME\""
                    + " --fs "
                    + volume.filesystem().id()
                    + " --mount "
                    + volume.mountPoint()
                    + " --device "
                    + volume.device()
                    + " --label \"$LABEL\""
                    + " --timeout "
                    + Math.min(
                        ATTACH_WAIT.toSeconds(), spec.health().signalTimeout().toSeconds()))));
    List<String> defaults = new ArrayList<>(List.of("setup", CLUSTER_CONFIG, "prepare"));
    if (spec.bootstrap() != null) {
      init.config(
          "bootstrap",
          InitConfig.commands(InitCommand.shell("bootstrap", NodeFiles.BOOTSTRAP_PATH)));
      defaults.add("bootstrap");
    }
    if (spec.health().command() != null) {
      init.config(
          "health",
          InitConfig.commands(
              InitCommand.shell(
                  "health",
                  NodeScript.INSTALL_PATH
                      + " wait-healthy --timeout "
                      + healthWait(spec).toSeconds()
                      + " "
                      + NodeFiles.HEALTH_PATH)));
      defaults.add("health");
    }
    // cfn-hup starts last: its first poll grows the filesystem prepare mounted.
    init.config(
        "hup",
        new InitConfig(
            List.of(),
            List.of(),
            List.of(new SystemdService("cfn-hup", List.of(CFN_HUP_CONF, HOOKS_CONF)))));
    defaults.add("hup");
    init.configSet("default", defaults);
    init.configSet("refresh", List.of(CLUSTER_CONFIG));
    return init.metadata();
  }

  /**
   * The health command gets what is left of the signal timeout after a typical boot, so that a node
   * that cannot get healthy reports failure itself rather than letting CloudFormation time out with
   * no reason.
   */
  static Duration healthWait(ClusterSpec spec) {
    Duration left = spec.health().signalTimeout().minus(Duration.ofMinutes(3));
    return left.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : left;
  }

  private static InitConfig setup(ClusterSpec spec) {
    List<InitFile> files = new ArrayList<>();
    files.add(InitFile.ofBase64(NodeFiles.SCRIPT_GZ_PATH, NodeScript.gzipBase64(), "000644"));
    if (spec.bootstrap() != null) {
      files.add(
          InitFile.ofString(
              NodeFiles.BOOTSTRAP_PATH,
              Fn.literal(NodeFiles.withShebang(spec.bootstrap())),
              "000700"));
    }
    if (spec.health().command() != null) {
      files.add(
          InitFile.ofString(NodeFiles.HEALTH_PATH, Fn.literal(NodeFiles.health(spec)), "000700"));
    }
    files.add(
        InitFile.ofString(
            CFN_HUP_CONF,
            Fn.sub(
                "[main]\nstack=${AWS::StackId}\nregion=${AWS::Region}\ninterval="
                    + CFN_HUP_INTERVAL.toMinutes()
                    + "\n"),
            "000400"));
    // The node's own volume (its number filled in on the node), and the cluster's values.
    files.add(
        InitFile.ofString(
            HOOKS_CONF,
            Fn.sub(
                "[stateful-volume]\n"
                    + TRIGGERS
                    + "path=Resources."
                    + Names.volume(NODE_MARK)
                    + "\n"
                    + "action="
                    + cfnInit(Names.instance(NODE_MARK), "update")
                    + "\nrunas=root\n\n"
                    + "[stateful-cluster]\n"
                    + TRIGGERS
                    + "path=Resources."
                    + Names.NODE_CONFIG
                    + ".Metadata.AWS::CloudFormation::Init."
                    + CLUSTER_CONFIG
                    + "\n"
                    + "action="
                    + cfnInit(Names.NODE_CONFIG, "refresh")
                    + "\nrunas=root\n"),
            "000400"));
    files.add(InitFile.ofString(NodeFiles.CFN_HUP_UNIT_PATH, NodeFiles.CFN_HUP_SERVICE, "000644"));
    String script = NodeScript.INSTALL_PATH;
    return new InitConfig(
        files,
        List.of(
            InitCommand.shell(
                "install-node-script",
                "gzip -dc "
                    + NodeFiles.SCRIPT_GZ_PATH
                    + " > "
                    + script
                    + ".new && chmod 0755 "
                    + script
                    + ".new && mv -f "
                    + script
                    + ".new "
                    + script),
            InitCommand.shell(
                "node-identity",
                script + " node-env --node \"$NODE\" --volume-id \"$VOLUME\"" + " --ip \"$IP\""),
            InitCommand.shell(
                "volume-hook", "sed -i \"s/" + NODE_MARK + "/$NODE/g\" " + HOOKS_CONF),
            InitCommand.shell("reload-units", "systemctl daemon-reload")),
        List.of());
  }

  /**
   * The cluster's values of node.env and the reload command: what cfn-hup rewrites on running
   * nodes. The address list is written here once, not once per node.
   */
  private static InitConfig cluster(ClusterSpec spec, String addresses) {
    List<InitFile> files = new ArrayList<>();
    files.add(
        InitFile.ofString(
            NodeFiles.CLUSTER_ENV_PATH, Fn.sub(clusterEnv(spec, addresses)), "000644"));
    String nodeEnv = NodeScript.INSTALL_PATH + " node-env";
    if (spec.reload() != null) {
      files.add(
          InitFile.ofString(NodeFiles.RELOAD_PATH, Fn.literal(NodeFiles.reload(spec)), "000700"));
      nodeEnv += " --reload " + NodeFiles.RELOAD_PATH;
    }
    return new InitConfig(files, List.of(InitCommand.shell("node-env", nodeEnv)), List.of());
  }

  /** What the bootstrap script and the health command can rely on besides the node's own values. */
  private static String clusterEnv(ClusterSpec spec, String addresses) {
    StringBuilder out = new StringBuilder();
    out.append("CLUSTER_NAME=").append(spec.name()).append('\n');
    out.append("CLUSTER_ADDRESSES=").append(addresses).append('\n');
    out.append("DATA_DIR=").append(spec.volume().mountPoint()).append('\n');
    out.append("STACK_NAME=${AWS::StackName}\n");
    out.append("AWS_REGION=${AWS::Region}\n");
    return out.toString();
  }

  /** The nodes' addresses in node order, as {@code Fn::Sub} text. */
  static void appendAddresses(StringBuilder out, ClusterSpec spec) {
    boolean first = true;
    for (NodeSpec node : spec.nodes()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append(address(node));
    }
  }

  /**
   * A node's address as {@code Fn::Sub} text: a pinned address as it is (the interface is created
   * with it and keeps it: changing it would replace the interface, which is refused), else its
   * interface's.
   */
  private static String address(NodeSpec node) {
    return node.privateIp() != null
        ? node.privateIp()
        : "${" + Names.eni(node.number()) + ".PrimaryPrivateIpAddress}";
  }
}
