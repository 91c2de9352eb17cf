package dev.statefulcluster.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One resource of a template. {@code condition}, the policies, {@code creationPolicy} and {@code
 * metadata} are null when absent. Built with {@link #of} and the {@code with…} methods, which
 * return new values.
 */
public record Resource(
    String type,
    String condition,
    List<String> dependsOn,
    Map<String, Object> creationPolicy,
    String deletionPolicy,
    String updateReplacePolicy,
    Map<String, Object> metadata,
    Map<String, Object> properties) {

  private static final java.util.regex.Pattern TYPE =
      java.util.regex.Pattern.compile("^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$");

  public Resource {
    if (type == null || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("not a resource type: " + type);
    }
    dependsOn = List.copyOf(dependsOn);
    properties = Plain.copy(properties);
    creationPolicy = creationPolicy == null ? null : Plain.copy(creationPolicy);
    metadata = metadata == null ? null : Plain.copy(metadata);
    checkPolicy(deletionPolicy);
    checkPolicy(updateReplacePolicy);
  }

  public static Resource of(String type, Map<String, Object> properties) {
    return new Resource(type, null, List.of(), null, null, null, null, properties);
  }

  public Resource withCondition(String name) {
    return new Resource(
        type,
        name,
        dependsOn,
        creationPolicy,
        deletionPolicy,
        updateReplacePolicy,
        metadata,
        properties);
  }

  public Resource withDependsOn(String... logicalIds) {
    return new Resource(
        type,
        condition,
        List.of(logicalIds),
        creationPolicy,
        deletionPolicy,
        updateReplacePolicy,
        metadata,
        properties);
  }

  public Resource withCreationPolicy(Map<String, Object> policy) {
    return new Resource(
        type,
        condition,
        dependsOn,
        policy,
        deletionPolicy,
        updateReplacePolicy,
        metadata,
        properties);
  }

  /** DeletionPolicy and UpdateReplacePolicy together: what happens whenever it goes away. */
  public Resource withRetirement(String policy) {
    return new Resource(
        type, condition, dependsOn, creationPolicy, policy, policy, metadata, properties);
  }

  public Resource withMetadata(Map<String, Object> value) {
    return new Resource(
        type,
        condition,
        dependsOn,
        creationPolicy,
        deletionPolicy,
        updateReplacePolicy,
        value,
        properties);
  }

  /** The resource as it appears under Resources, keys in CloudFormation's customary order. */
  Map<String, Object> render() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Type", type);
    if (condition != null) {
      out.put("Condition", condition);
    }
    if (dependsOn.size() == 1) {
      out.put("DependsOn", dependsOn.get(0)); // CloudFormation takes one as a string
    } else if (!dependsOn.isEmpty()) {
      out.put("DependsOn", dependsOn);
    }
    if (creationPolicy != null) {
      out.put("CreationPolicy", creationPolicy);
    }
    if (deletionPolicy != null) {
      out.put("DeletionPolicy", deletionPolicy);
    }
    if (updateReplacePolicy != null) {
      out.put("UpdateReplacePolicy", updateReplacePolicy);
    }
    if (metadata != null) {
      out.put("Metadata", metadata);
    }
    out.put("Properties", properties);
    return out;
  }

  private static void checkPolicy(String policy) {
    if (policy != null
        && !List.of("Delete", "Retain", "RetainExceptOnCreate", "Snapshot").contains(policy)) {
      throw new IllegalArgumentException("not a deletion policy: " + policy);
    }
  }
}
