package dev.statefulcluster.cloud;

import java.util.List;

/**
 * One resource's entry in a change set. {@code action} is Add, Modify, Remove, Import or Dynamic;
 * {@code replacement} is True, False or Conditional for Modify and null otherwise.
 */
public record ResourceChange(
    String action,
    String logicalId,
    String physicalId,
    String resourceType,
    String replacement,
    List<String> scope,
    List<ChangeDetail> details) {

  public ResourceChange {
    scope = List.copyOf(scope);
    details = List.copyOf(details);
  }

  /**
   * Why a resource changes: {@code attribute} is Properties, Metadata, CreationPolicy,
   * UpdatePolicy, DeletionPolicy, UpdateReplacePolicy or Tags; {@code name} the property name;
   * {@code requiresRecreation} Never, Conditionally or Always; {@code evaluation} Static or Dynamic;
   * {@code changeSource} ResourceReference, ParameterReference, ResourceAttribute,
   * DirectModification or Automatic.
   */
  public record ChangeDetail(
      String attribute,
      String name,
      String requiresRecreation,
      String evaluation,
      String changeSource,
      String causingEntity) {}
}
