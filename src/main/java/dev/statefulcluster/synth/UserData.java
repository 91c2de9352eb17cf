package dev.statefulcluster.synth;

import dev.statefulcluster.spec.OsFamily;
import dev.statefulcluster.template.Fn;
import java.util.List;

/**
 * The first-boot script of a node's instance: make sure the CloudFormation helper scripts are
 * there, run cfn-init's {@code default} config set of the node's instance, and signal its exit
 * status, which is what the instance's CreationPolicy waits for.
 *
 * <p>Only the first line differs between nodes (which instance it is); the rest is written once, in
 * {@code Mappings.NodeFiles}, and joined on: a node's user data costs about 150 bytes of template
 * whatever the OS.
 */
final class UserData {
  private static final String BOOTSTRAP_TARBALL =
      "https://s3.amazonaws.com/cloudformation-examples/aws-cfn-bootstrap-py3-latest.tar.gz";

  /**
   * The key of the shared part for {@code os} in {@code Mappings.NodeFiles}: one per OS, so that a
   * roll from one OS to another changes only the user data of the nodes it re-creates.
   */
  static String bootKey(OsFamily os) {
    StringBuilder key = new StringBuilder("Boot");
    for (String word : os.id().split("-")) {
      key.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return key.toString();
  }

  private UserData() {}

  static Object of(OsFamily os, int node) {
    return Fn.base64(
        Fn.join(
            "",
            List.of(
                Fn.sub(
                    "#!/bin/sh\nstack='${AWS::StackName}' region='${AWS::Region}' resource="
                        + Names.instance(node)
                        + "\n"),
                NodeFiles.ref(bootKey(os)))));
  }

  /** The part every node shares: it runs with stack, region and resource set. */
  static String boot(OsFamily os) {
    return "# stateful-cluster: prepare this node with cfn-init, then report to CloudFormation.\n"
        + "set -u\n"
        + installHelpers(os)
        + "/opt/aws/bin/cfn-init -v --stack \"$stack\" --resource \"$resource\""
        + " --configsets default --region \"$region\"\n"
        + "/opt/aws/bin/cfn-signal -e \"$?\" --stack \"$stack\" --resource \"$resource\""
        + " --region \"$region\"\n";
  }

  /**
   * The user data synth wrote before the shared {@code NodeConfig} existed (one whole script per
   * node). An instance launched with it runs the same {@code default} config set of its own
   * resource, so it works unchanged on the new metadata: deploy keeps it on instances that run with
   * it, since changing user data stops and starts an instance.
   */
  static Object previous(OsFamily os, int node) {
    String instance = Names.instance(node);
    String text =
        "#!/bin/sh\n"
            + "# stateful-cluster: prepare this node with cfn-init, then report to CloudFormation.\n"
            + "set -u\n"
            + installHelpers(os)
            + "/opt/aws/bin/cfn-init -v --stack '${AWS::StackName}' --resource "
            + instance
            + " --configsets default --region '${AWS::Region}'\n"
            + "/opt/aws/bin/cfn-signal -e \"$?\" --stack '${AWS::StackName}' --resource "
            + instance
            + " --region '${AWS::Region}'\n";
    return Fn.base64(Fn.sub(text));
  }

  private static String installHelpers(OsFamily os) {
    String install =
        switch (os) {
          case AMAZON_LINUX_2023 -> "  dnf install -y aws-cfn-bootstrap\n";
          case AMAZON_LINUX_2 -> "  yum install -y aws-cfn-bootstrap\n";
          case UBUNTU, DEBIAN ->
              "  export DEBIAN_FRONTEND=noninteractive\n"
                  + "  apt-get update -q && apt-get install -y -q python3-venv\n"
                  + "  python3 -m venv /opt/aws/cfn-bootstrap\n"
                  + "  /opt/aws/cfn-bootstrap/bin/pip install -q "
                  + BOOTSTRAP_TARBALL
                  + "\n"
                  + "  mkdir -p /opt/aws/bin\n"
                  + "  for tool in cfn-init cfn-signal cfn-hup cfn-get-metadata; do\n"
                  + "    ln -sf \"/opt/aws/cfn-bootstrap/bin/$tool\" \"/opt/aws/bin/$tool\"\n"
                  + "  done\n";
        };
    return "if [ ! -x /opt/aws/bin/cfn-init ]; then\n" + install + "fi\n";
  }
}
