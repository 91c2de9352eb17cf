package dev.statefulcluster.spec;

/**
 * The nodes' machine image: the default AMI, its Linux family, and the root volume (size in GiB,
 * null: the AMI's; device name, null: the family's default).
 */
public record ImageSpec(String ami, OsFamily os, Integer rootVolumeSize, String rootDevice) {
  public String effectiveRootDevice() {
    return rootDevice != null ? rootDevice : os.defaultRootDevice();
  }
}
