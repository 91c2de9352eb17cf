package dev.statefulcluster.spec;

import java.util.regex.Pattern;

/**
 * The shapes of the AWS identifiers and names a cluster file may hold. Each value that reaches a
 * template or a node's shell is checked against one of these, so no spec value can smuggle in
 * anything but what its field means.
 */
public enum Ids {
  VPC("a VPC id", "vpc- and 8 or 17 hex digits", "^vpc-([0-9a-f]{8}|[0-9a-f]{17})$"),
  SUBNET("a subnet id", "subnet- and 8 or 17 hex digits", "^subnet-([0-9a-f]{8}|[0-9a-f]{17})$"),
  SECURITY_GROUP(
      "a security group id", "sg- and 8 or 17 hex digits", "^sg-([0-9a-f]{8}|[0-9a-f]{17})$"),
  AMI("an AMI id", "ami- and 8 or 17 hex digits", "^ami-([0-9a-f]{8}|[0-9a-f]{17})$"),
  SNAPSHOT("a snapshot id", "snap- and 8 or 17 hex digits", "^snap-([0-9a-f]{8}|[0-9a-f]{17})$"),
  AVAILABILITY_ZONE(
      "an availability zone",
      "a zone name such as eu-west-1a",
      "^[a-z]{2}(-[a-z0-9]+)+-[0-9]+[a-z]$|^[a-z]{2}(-[a-z0-9]+)+-[0-9]+-[a-z0-9]+-[0-9]+[a-z]$"),
  INSTANCE_TYPE(
      "an instance type", "family.size such as m6i.large", "^[a-z][a-z0-9-]*\\.[a-z0-9]+$"),
  CLUSTER_NAME(
      "a cluster name",
      "2 to 32 lower-case letters, digits and hyphens, starting with a letter and not ending"
          + " with a hyphen",
      "^[a-z][a-z0-9-]{0,30}[a-z0-9]$"),
  KEY_PAIR(
      "a key pair name",
      "up to 255 letters, digits, spaces and ._-:/+=@",
      "^[A-Za-z0-9 ._:/+=@-]{1,255}$"),
  KMS_KEY(
      "a KMS key",
      "a key id, an alias/NAME, or a key or alias ARN",
      "^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}"
          + "|alias/[A-Za-z0-9/_-]{1,250}"
          + "|arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/[A-Za-z0-9-]{1,64}|alias/[A-Za-z0-9/_-]{1,250}))$"),
  IAM_POLICY_ARN(
      "a managed policy ARN",
      "arn:aws:iam::aws:policy/NAME or arn:aws:iam::ACCOUNT:policy/NAME",
      "^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]{1,512}$"),
  DEVICE(
      "a device name for a data volume",
      "/dev/sdf to /dev/sdp or /dev/xvdf to /dev/xvdp",
      "^/dev/(sd|xvd)[f-p]$"),
  ROOT_DEVICE(
      "a root device name", "such as /dev/xvda or /dev/sda1", "^/dev/(sd|xvd)a1?$|^/dev/nvme0n1$");

  private final String noun;
  private final String expected;
  private final Pattern pattern;

  Ids(String noun, String expected, String regex) {
    this.noun = noun;
    this.expected = expected;
    this.pattern = Pattern.compile(regex);
  }

  public boolean matches(String value) {
    return value != null && pattern.matcher(value).matches();
  }

  /** "'subnet-12' is not a subnet id (expected subnet- and 8 or 17 hex digits)". */
  public String complaint(String value) {
    return "'" + value + "' is not " + noun + " (expected " + expected + ")";
  }

  public String regex() {
    return pattern.pattern();
  }
}
