package dev.statefulcluster.synth;

import dev.statefulcluster.spec.OsFamily;
import dev.statefulcluster.template.Fn;

/**
 * The first-boot script of a node's instance: make sure the CloudFormation helper scripts are
 * there, run cfn-init's {@code default} config set, and signal its exit status, which is what the
 * instance's CreationPolicy waits for.
 */
final class UserData {
  private static final String BOOTSTRAP_TARBALL =
      "https://s3.amazonaws.com/cloudformation-examples/aws-cfn-bootstrap-py3-latest.tar.gz";

  private UserData() {}

  static Object of(OsFamily os, int node) {
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
