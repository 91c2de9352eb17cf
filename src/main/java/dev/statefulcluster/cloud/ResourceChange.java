package dev.statefulcluster.cloud;

import java.util.List;

/**
 * One resource's entry in a change set: what CloudFormation would do to it ({@code action}) and,
 * for a Modify, whether that replaces it ({@code replacement}). For a nested stack (an
 * AWS::CloudFormation::Stack resource) in a change set made with IncludeNestedStacks, {@code
 * changeSetId} is the nested change set that says what happens inside it; null otherwise.
 */
public record ResourceChange(
    Action action,
    String logicalId,
    String physicalId,
    String resourceType,
    Replacement replacement,
    List<String> scope,
    List<ChangeDetail> details,
    String changeSetId) {

  public ResourceChange {
    scope = List.copyOf(scope);
    details = List.copyOf(details);
  }

  /** A change with no nested change set. */
  public ResourceChange(
      Action action,
      String logicalId,
      String physicalId,
      String resourceType,
      Replacement replacement,
      List<String> scope,
      List<ChangeDetail> details) {
    this(action, logicalId, physicalId, resourceType, replacement, scope, details, null);
  }

  /** From CloudFormation's words, as DescribeChangeSet gives them (replacement null for none). */
  public ResourceChange(
      String action,
      String logicalId,
      String physicalId,
      String resourceType,
      String replacement,
      List<String> scope,
      List<ChangeDetail> details) {
    this(
        Action.of(action),
        logicalId,
        physicalId,
        resourceType,
        Replacement.of(replacement),
        scope,
        details);
  }

  /** The action; a word this tool does not know is {@link #UNKNOWN}, never taken as safe. */
  public enum Action {
    ADD("Add"),
    MODIFY("Modify"),
    REMOVE("Remove"),
    IMPORT("Import"),
    DYNAMIC("Dynamic"),
    UNKNOWN("Unknown");

    private final String word;

    Action(String word) {
      this.word = word;
    }

    public static Action of(String word) {
      for (Action a : values()) {
        if (a.word.equals(word)) {
          return a;
        }
      }
      return UNKNOWN;
    }

    /** CloudFormation's word, as messages and the change set table show it. */
    @Override
    public String toString() {
      return word;
    }
  }

  /**
   * Whether a Modify replaces the resource. CloudFormation gives no value for the other actions
   * ({@link #NONE}, shown as "null" as it always was); a value this tool does not know is {@link
   * #UNKNOWN}. Neither is ever taken as "False".
   */
  public enum Replacement {
    TRUE("True"),
    FALSE("False"),
    CONDITIONAL("Conditional"),
    NONE(null),
    UNKNOWN("Unknown");

    private final String word;

    Replacement(String word) {
      this.word = word;
    }

    public static Replacement of(String word) {
      if (word == null) {
        return NONE;
      }
      for (Replacement r : values()) {
        if (word.equals(r.word)) {
          return r;
        }
      }
      return UNKNOWN;
    }

    /** CloudFormation's word, or null when it gave none. */
    public String word() {
      return word;
    }

    @Override
    public String toString() {
      return String.valueOf(word);
    }
  }

  /**
   * Why a resource changes: {@code attribute} is Properties, Metadata, CreationPolicy,
   * UpdatePolicy, DeletionPolicy, UpdateReplacePolicy or Tags; {@code name} the property name;
   * {@code requiresRecreation} Never, Conditionally or Always; {@code evaluation} Static or
   * Dynamic; {@code changeSource} ResourceReference, ParameterReference, ResourceAttribute,
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
