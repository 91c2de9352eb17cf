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
 * A node's cfn-init metadata. Config set {@code default} (first boot): install the node script and
 * cfn-hup, prepare and mount the data volume, run the user's bootstrap, wait for the health
 * command. Config set {@code update} (run by cfn-hup whenever the node's volume resource changes):
 * grow the filesystem to the volume's new size.
 *
 * <p>Every value that reaches a command here was validated by the spec reader (ids, paths, labels
 * of a fixed character set) or is an AWS id that CloudFormation substitutes.
 */
final class NodeInit {
  static final String HOOK_PATH = "/etc/cfn/hooks.d/stateful-volume.conf";
  static final String CFN_HUP_CONF = "/etc/cfn/cfn-hup.conf";

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

  static Map<String, Object> metadata(ClusterSpec spec, NodeSpec node) {
    int n = node.number();
    VolumeSpec volume = spec.volume();
    CfnInit init = new CfnInit();
    init.config("setup", setup(spec, node));
    init.config(
        "prepare",
        InitConfig.commands(
            InitCommand.shell(
                "prepare",
                Fn.sub(
                    NodeScript.INSTALL_PATH
                        + " prepare --volume-id ${"
                        + Names.volume(n)
                        + "}"
                        + " --fs "
                        + volume.filesystem().id()
                        + " --mount "
                        + volume.mountPoint()
                        + " --device "
                        + volume.device()
                        + " --label "
                        + Labels.of(spec.name(), n, volume.filesystem())
                        + " --timeout "
                        + Math.min(
                            ATTACH_WAIT.toSeconds(), spec.health().signalTimeout().toSeconds())))));
    List<String> defaults = new ArrayList<>(List.of("setup", "prepare"));
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
    init.config(
        "grow",
        InitConfig.commands(
            InitCommand.shell(
                "grow",
                Fn.sub(
                    NodeScript.INSTALL_PATH
                        + " grow --volume-id ${"
                        + Names.volume(n)
                        + "}"
                        + " --mount "
                        + volume.mountPoint()
                        + SIZE_FLAG
                        + volume.size()
                        + " --wait "
                        + GROW_WAIT.toSeconds()))));
    init.configSet("default", defaults);
    init.configSet("update", List.of("grow"));
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

  private static InitConfig setup(ClusterSpec spec, NodeSpec node) {
    int n = node.number();
    List<InitFile> files = new ArrayList<>();
    files.add(
        InitFile.ofBase64(NodeFiles.SCRIPT_GZ_PATH, NodeFiles.ref(NodeFiles.SCRIPT), "000644"));
    files.add(InitFile.ofString(NodeFiles.ENV_PATH, Fn.sub(nodeEnv(spec, n)), "000644"));
    if (spec.bootstrap() != null) {
      files.add(
          InitFile.ofString(
              NodeFiles.BOOTSTRAP_PATH, NodeFiles.ref(NodeFiles.BOOTSTRAP), "000700"));
    }
    if (spec.health().command() != null) {
      files.add(
          InitFile.ofString(NodeFiles.HEALTH_PATH, NodeFiles.ref(NodeFiles.HEALTH), "000700"));
    }
    files.add(
        InitFile.ofString(
            CFN_HUP_CONF,
            Fn.sub("[main]\nstack=${AWS::StackId}\nregion=${AWS::Region}\ninterval=1\n"),
            "000400"));
    files.add(
        InitFile.ofString(
            HOOK_PATH,
            Fn.sub(
                "[stateful-volume]\n"
                    + "triggers=post.update\n"
                    + "path=Resources."
                    + Names.volume(n)
                    + "\n"
                    + "action=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource "
                    + Names.instance(n)
                    + " --configsets update --region ${AWS::Region}\n"
                    + "runas=root\n"),
            "000400"));
    files.add(
        InitFile.ofString(
            NodeFiles.CFN_HUP_UNIT_PATH, NodeFiles.ref(NodeFiles.CFN_HUP_UNIT), "000644"));
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
            InitCommand.shell("reload-units", "systemctl daemon-reload")),
        List.of(new SystemdService("cfn-hup", List.of(CFN_HUP_CONF, HOOK_PATH))));
  }

  /** What the bootstrap script and the health command can rely on, as shell assignments. */
  private static String nodeEnv(ClusterSpec spec, int n) {
    StringBuilder addresses = new StringBuilder();
    for (NodeSpec other : spec.nodes()) {
      if (addresses.length() > 0) {
        addresses.append(',');
      }
      addresses.append("${").append(Names.eni(other.number())).append(".PrimaryPrivateIpAddress}");
    }
    return "NODE_NAME="
        + Names.nodeName(n)
        + "\n"
        + "NODE_NUMBER="
        + n
        + "\n"
        + "NODE_IP=${"
        + Names.eni(n)
        + ".PrimaryPrivateIpAddress}\n"
        + "CLUSTER_NAME="
        + spec.name()
        + "\n"
        + "CLUSTER_ADDRESSES="
        + addresses
        + "\n"
        + "DATA_DIR="
        + spec.volume().mountPoint()
        + "\n"
        + "VOLUME_ID=${"
        + Names.volume(n)
        + "}\n"
        + "STACK_NAME=${AWS::StackName}\n"
        + "AWS_REGION=${AWS::Region}\n";
  }
}
