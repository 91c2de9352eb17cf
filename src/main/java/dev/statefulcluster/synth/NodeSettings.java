package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.OsFamily;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a node's instance is launched with: a change to any of these takes a new instance (or a stop
 * and start), so it reaches a node only when the roll re-creates its instance. The bootstrap script
 * and the health command are here as digests: only a new instance runs them. The deployed stack
 * keeps each node's settings in its instance's metadata ({@link #MARKER}), so the stack itself says
 * which node a roll has reached, whatever the tool knew when it was stopped.
 */
public record NodeSettings(
    String instanceType,
    String keyPair,
    Integer rootVolumeSize,
    String rootDevice,
    OsFamily os,
    String bootstrap,
    String healthCommand) {

  /** The instance metadata key holding the settings, beside AWS::CloudFormation::Init. */
  static final String MARKER = "stateful-cluster";

  private static final String DIGEST_PREFIX = "sha256:";

  /** The settings the file gives every node. */
  public static NodeSettings of(ClusterSpec spec) {
    return new NodeSettings(
        spec.instanceType(),
        spec.keyPair(),
        spec.image().rootVolumeSize(),
        spec.image().effectiveRootDevice(),
        spec.image().os(),
        digest(spec.bootstrap()),
        digest(spec.health().command()));
  }

  /** The names of the settings that differ from {@code other}'s, in the file's words. */
  public List<String> differences(NodeSettings other) {
    List<String> out = new ArrayList<>();
    differs(out, "instanceType", instanceType, other.instanceType);
    differs(out, "keyPair", keyPair, other.keyPair);
    differs(out, "image.rootVolumeSize", rootVolumeSize, other.rootVolumeSize);
    differs(out, "image.rootDevice", rootDevice, other.rootDevice);
    differs(out, "image.os", os == null ? null : os.id(), other.os == null ? null : other.os.id());
    script(out, "bootstrap", bootstrap, other.bootstrap);
    script(out, "health.command", healthCommand, other.healthCommand);
    return out;
  }

  /** A script is told by whether it changed: the marker holds its digest, not its text. */
  private static void script(List<String> out, String name, String a, String b) {
    if (!Objects.equals(a, b)) {
      out.add(name + (a == null ? " added" : b == null ? " removed" : " changed"));
    }
  }

  /** A short description for plans ("m6i.large, key ops"). */
  public String describe() {
    return instanceType + (keyPair == null ? "" : ", key " + keyPair);
  }

  private static void differs(List<String> out, String name, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      out.add(name + " " + a + " -> " + b);
    }
  }

  /**
   * The marker as written into the instance's metadata: only what the instance's properties cannot
   * say (the OS, and digests, without their {@code sha256:} prefix, of the scripts it ran). The
   * instance type, key pair and root device are read from the properties, written from the same
   * settings. The marker is repeated on every node, so every byte counts; {@link #read} still reads
   * the fuller markers of stacks written before.
   */
  Map<String, Object> marker() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Os", os.id());
    if (bootstrap != null) {
      m.put("Boot", bootstrap.substring(DIGEST_PREFIX.length()));
    }
    if (healthCommand != null) {
      m.put("Health", healthCommand.substring(DIGEST_PREFIX.length()));
    }
    return m;
  }

  /**
   * A node's settings as its deployed instance resource (properties and metadata) says. A stack
   * written before the marker existed is read from the instance's properties; what they cannot say
   * (the OS, the scripts the instance ran) is taken from {@code unknown}, so that such a stack is
   * not rolled for a difference nobody can see.
   */
  static NodeSettings read(Map<String, Object> resource, NodeSettings ifUnknown) {
    NodeSettings unknown =
        ifUnknown != null ? ifUnknown : new NodeSettings(null, null, null, null, null, null, null);
    Map<String, Object> p = map(resource.get(ResourceProperties.PROPERTIES));
    Integer rootSize = null;
    String rootDevice = unknown.rootDevice;
    if (p.get(ResourceProperties.BLOCK_DEVICE_MAPPINGS) instanceof List<?> mappings
        && !mappings.isEmpty()) {
      Map<String, Object> root = map(mappings.get(0));
      rootDevice = text(root.get(ResourceProperties.DEVICE_NAME));
      if (map(root.get("Ebs")).get("VolumeSize") instanceof Number size) {
        rootSize = size.intValue();
      }
    }
    NodeSettings properties =
        new NodeSettings(
            text(p.get(ResourceProperties.INSTANCE_TYPE)),
            text(p.get(ResourceProperties.KEY_NAME)),
            rootSize,
            rootDevice,
            unknown.os,
            unknown.bootstrap,
            unknown.healthCommand);
    Map<String, Object> metadata = map(resource.get(ResourceProperties.METADATA));
    if (!(metadata.get(MARKER) instanceof Map<?, ?> m)) {
      return properties;
    }
    Object os = m.get("Os");
    return new NodeSettings(
        properties.instanceType,
        properties.keyPair,
        properties.rootVolumeSize,
        properties.rootDevice,
        os == null ? unknown.os : OsFamily.of(os.toString()),
        digestRead(either(m, "Boot", "Bootstrap")),
        digestRead(either(m, "Health", "HealthCommand")));
  }

  /** A marker value under its short key, or under the long one a stack written before used. */
  private static Object either(Map<?, ?> marker, String key, String before) {
    Object value = marker.get(key);
    return value != null ? value : marker.get(before);
  }

  /** A digest as compared: with its prefix, whether the marker wrote it (before) or not (now). */
  private static String digestRead(Object value) {
    String text = text(value);
    return text == null || text.startsWith(DIGEST_PREFIX) ? text : DIGEST_PREFIX + text;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** A script's digest, null for none: the marker says whether it changed, not what it is. */
  static String digest(String text) {
    if (text == null) {
      return null;
    }
    try {
      byte[] sum =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return DIGEST_PREFIX + HexFormat.of().formatHex(sum, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
