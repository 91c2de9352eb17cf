package dev.statefulcluster.cloud.sim;

import java.util.Set;

/** What the template checks need to know about the resource types the model provides. */
interface ResourceTypes {
  boolean modeled(String type);

  /** The attributes Fn::GetAtt may read on resources of {@code type}. */
  Set<String> attributes(String type);

  /** Whether Fn::GetAtt may read {@code attribute} (a nested stack's Outputs.Name, say). */
  default boolean hasAttribute(String type, String attribute) {
    return attributes(type).contains(attribute);
  }

  Set<String> modeledTypes();
}
