package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * How CloudFormation creates, updates and deletes one resource type against the model. Methods
 * start the work and return; the outcome arrives through the {@link OpHandle}, in virtual time. A
 * Ref to a resource is its physical id.
 */
interface ResourceProvider {

  /** What a provider is asked to work on. */
  record Request(
      StackIdentity stack,
      Map<String, String> stackTags,
      String logicalId,
      ObjectNode properties) {}

  /** How a deletion treats the resource (DeletionPolicy or UpdateReplacePolicy). */
  enum Removal {
    DELETE,
    SNAPSHOT
  }

  /** Hears a provider's progress; calls may come at once or later in virtual time. */
  interface OpHandle {
    /** The physical resource exists (CloudFormation's "Resource creation Initiated"). */
    void initiated(String physicalId);

    /** Done; {@code attributes} are the values Fn::GetAtt returns from now on. */
    void succeeded(Map<String, JsonNode> attributes);

    void failed(String reason);

    /**
     * Runs {@code action} if CloudFormation cancels the operation (another resource failed): a
     * provider whose work goes on elsewhere (a nested stack's update) stops it there.
     */
    default void whenCancelled(Runnable action) {}
  }

  String type();

  /** The names Fn::GetAtt accepts. */
  Set<String> attributes();

  default boolean hasAttribute(String name) {
    return attributes().contains(name);
  }

  /**
   * Whether every update of the stack updates the resource even when its properties did not change
   * (a nested stack: its template behind the same URL may have).
   */
  default boolean updatedWithEveryStackUpdate() {
    return false;
  }

  /**
   * Whether a change to a conditionally create-only property replaces the resource here (else it is
   * updated in place, possibly with an interruption).
   */
  default boolean replacesOnConditional(String property) {
    return true;
  }

  void create(Request r, OpHandle h);

  /** Updates in place; {@code previous} are the properties the resource was last given. */
  void update(Request r, String physicalId, ObjectNode previous, OpHandle h);

  /**
   * Updates back in a rollback, to {@code r}'s properties from {@code attempted}; as {@link
   * #update} unless the type's rollback differs.
   */
  default void restore(Request r, String physicalId, ObjectNode attempted, OpHandle h) {
    update(r, physicalId, attempted, h);
  }

  void delete(Request r, String physicalId, Removal removal, OpHandle h);
}
