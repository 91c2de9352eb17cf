package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.OsFamily;
import dev.statefulcluster.template.Fn;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Files every node gets with the same content: the node script, the user's bootstrap, health and
 * reload commands, the cfn-hup unit, and the shared part of the user data. The user data's part
 * lives in the template's {@code NodeFiles} mapping (user data is a property of each instance, and
 * {@code Fn::FindInMap} lets all of them name one copy); the rest is written once, in the metadata
 * of the shared {@code NodeConfig} resource.
 */
final class NodeFiles {
  static final String KEY = "Shared";

  static final String SCRIPT_GZ_PATH = "/usr/local/lib/stateful-cluster/stateful-node.gz";
  static final String ENV_PATH = "/etc/stateful-cluster/node.env";
  static final String BOOTSTRAP_PATH = "/etc/stateful-cluster/bootstrap.sh";
  static final String HEALTH_PATH = "/etc/stateful-cluster/health.sh";
  static final String RELOAD_PATH = "/etc/stateful-cluster/reload.sh";

  /** The cluster's values of node.env, rewritten by cfn-hup when they change. */
  static final String CLUSTER_ENV_PATH = "/etc/stateful-cluster/cluster.env";

  static final String CFN_HUP_UNIT_PATH = "/etc/systemd/system/cfn-hup.service";

  /**
   * cfn-hup as a systemd service (Debian and Ubuntu get no unit with the pip package), run as its
   * daemon: it polls every {@code interval} minutes of cfn-hup.conf. With {@code --no-daemon} it
   * would poll once and exit, and {@code Restart=always} would make that a poll every 10 s, two
   * DescribeStackResource calls each (docs/aws-facts.md, "cfn-hup and the console output"). Under
   * systemd (parent PID 1) the daemon does not fork, so {@code Type=simple} is right. systemd runs
   * one instance at a time, so a pid file left when the daemon was killed is stale; left there it
   * would make every restart wait 300 s for the lock and fail.
   */
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
          "ExecStartPre=/bin/rm -f /var/run/cfn-hup.pid",
          "ExecStart=/opt/aws/bin/cfn-hup",
          "Restart=always",
          "RestartSec=10",
          "",
          "[Install]",
          "WantedBy=multi-user.target",
          "");

  private NodeFiles() {}

  /** The shared part of the user data for each OS of {@code systems}, in their order. */
  static Map<String, Map<String, Object>> mapping(Set<OsFamily> systems) {
    Map<String, Object> files = new LinkedHashMap<>();
    systems.forEach(os -> files.put(UserData.bootKey(os), UserData.boot(os)));
    return Map.of(KEY, files);
  }

  static String health(ClusterSpec spec) {
    return "#!/bin/sh\n# The health command of "
        + spec.name()
        + "; exit 0 means the node serves.\n"
        + spec.health().command().strip()
        + "\n";
  }

  static String reload(ClusterSpec spec) {
    return "#!/bin/sh\n# Run after cfn-hup changed node.env on a running node of "
        + spec.name()
        + ".\n"
        + spec.reload().strip()
        + "\n";
  }

  static Object ref(String file) {
    return Fn.findInMap(Names.FILES_MAPPING, KEY, file);
  }

  /** A bootstrap without #! would be run by whatever shell cfn-init picks; make it sh. */
  static String withShebang(String script) {
    String text = script.endsWith("\n") ? script : script + "\n";
    return text.startsWith("#!") ? text : "#!/bin/sh\n" + text;
  }
}
