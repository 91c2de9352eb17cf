package dev.statefulcluster.synth;

/**
 * The CloudFormation property names where the template holds each node's settings, for operations
 * that read a deployed template back or edit it. Synth writes them; nobody else spells them.
 */
public final class ResourceProperties {
  private ResourceProperties() {}

  public static final String RESOURCES = "Resources";
  public static final String PROPERTIES = "Properties";
  public static final String METADATA = "Metadata";

  /** ENI. */
  public static final String SUBNET = "SubnetId";

  public static final String PRIVATE_IP = "PrivateIpAddress";

  /** Volume. */
  public static final String ZONE = "AvailabilityZone";

  public static final String SNAPSHOT = "SnapshotId";
  public static final String ENCRYPTED = "Encrypted";
  public static final String KMS_KEY = "KmsKeyId";
  public static final String SIZE = "Size";
  public static final String IOPS = "Iops";
  public static final String THROUGHPUT = "Throughput";
  public static final String VOLUME_TYPE = "VolumeType";

  /** Instance. */
  public static final String INSTANCE_TYPE = "InstanceType";

  public static final String USER_DATA = "UserData";

  public static final String KEY_NAME = "KeyName";

  public static final String BLOCK_DEVICE_MAPPINGS = "BlockDeviceMappings";
  public static final String DEVICE_NAME = "DeviceName";

  /** Nested stack (a cluster over several stacks): where its template is. */
  public static final String TEMPLATE_URL = "TemplateURL";
}
