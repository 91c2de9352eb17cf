package dev.statefulcluster.spec;

/**
 * The Linux family of the nodes' AMIs. It decides how the CloudFormation helper scripts get onto
 * the node (they ship with Amazon Linux; Debian and Ubuntu install them from user data) and the
 * default root device name.
 */
public enum OsFamily {
  AMAZON_LINUX_2023("amazon-linux-2023", "/dev/xvda", true),
  AMAZON_LINUX_2("amazon-linux-2", "/dev/xvda", true),
  UBUNTU("ubuntu", "/dev/sda1", false),
  DEBIAN("debian", "/dev/xvda", false);

  private final String id;
  private final String rootDevice;
  private final boolean shipsCfnHelpers;

  OsFamily(String id, String rootDevice, boolean shipsCfnHelpers) {
    this.id = id;
    this.rootDevice = rootDevice;
    this.shipsCfnHelpers = shipsCfnHelpers;
  }

  public String id() {
    return id;
  }

  public String defaultRootDevice() {
    return rootDevice;
  }

  /** Amazon Linux has aws-cfn-bootstrap in /opt/aws/bin; the others need it installed first. */
  public boolean shipsCfnHelpers() {
    return shipsCfnHelpers;
  }

  public static OsFamily of(String id) {
    for (OsFamily os : values()) {
      if (os.id.equals(id)) {
        return os;
      }
    }
    return null;
  }

  public static String choices() {
    return "amazon-linux-2023, amazon-linux-2, ubuntu or debian";
  }
}
