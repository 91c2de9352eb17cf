package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.template.Fn;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Files every node gets with the same content: the node script, the user's bootstrap script and
 * health command, the cfn-hup unit. They are written once, in the template's {@code NodeFiles}
 * mapping, and each node's metadata refers to them with {@code Fn::FindInMap}: a 60-node cluster
 * would otherwise carry sixty copies of each.
 */
final class NodeFiles {
  static final String KEY = "Shared";

  /** The node script, gzipped and base64-encoded. */
  static final String SCRIPT = "NodeScriptGz";

  static final String BOOTSTRAP = "Bootstrap";
  static final String HEALTH = "Health";
  static final String CFN_HUP_UNIT = "CfnHupUnit";

  static final String SCRIPT_GZ_PATH = "/usr/local/lib/stateful-cluster/stateful-node.gz";
  static final String ENV_PATH = "/etc/stateful-cluster/node.env";
  static final String BOOTSTRAP_PATH = "/etc/stateful-cluster/bootstrap.sh";
  static final String HEALTH_PATH = "/etc/stateful-cluster/health.sh";
  static final String CFN_HUP_UNIT_PATH = "/etc/systemd/system/cfn-hup.service";

  /** cfn-hup as a systemd service: Debian and Ubuntu get no unit with the pip package. */
  static final String CFN_HUP_SERVICE =
      String.join(
          "\n",
          "[Unit]",
          "Description=cfn-hup: applies CloudFormation metadata changes (stateful-cluster)",
          "After=network-online.target",
          "Wants=network-online.target",
          "",
          "[Service]",
          "Type=simple",
          "ExecStart=/opt/aws/bin/cfn-hup --no-daemon",
          "Restart=always",
          "RestartSec=10",
          "",
          "[Install]",
          "WantedBy=multi-user.target",
          "");

  private NodeFiles() {}

  static Map<String, Map<String, Object>> mapping(ClusterSpec spec) {
    Map<String, Object> files = new LinkedHashMap<>();
    files.put(SCRIPT, NodeScript.gzipBase64());
    files.put(CFN_HUP_UNIT, CFN_HUP_SERVICE);
    if (spec.bootstrap() != null) {
      files.put(BOOTSTRAP, withShebang(spec.bootstrap()));
    }
    if (spec.health().command() != null) {
      files.put(
          HEALTH,
          "#!/bin/sh\n# The health command of "
              + spec.name()
              + "; exit 0 means the node serves.\n"
              + spec.health().command().strip()
              + "\n");
    }
    return Map.of(KEY, files);
  }

  static Object ref(String file) {
    return Fn.findInMap(Names.FILES_MAPPING, KEY, file);
  }

  /** A bootstrap without #! would be run by whatever shell cfn-init picks; make it sh. */
  private static String withShebang(String script) {
    String text = script.endsWith("\n") ? script : script + "\n";
    return text.startsWith("#!") ? text : "#!/bin/sh\n" + text;
  }
}
