package dev.statefulcluster.cloud.sim;

import java.util.Set;

/** What the template checks need to know about the resource types the model provides. */
interface ResourceTypes {
  boolean modeled(String type);

  /** The attributes Fn::GetAtt may read on resources of {@code type}. */
  Set<String> attributes(String type);

  Set<String> modeledTypes();
}
