package dev.statefulcluster.synth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack policy every cluster stack gets: no update may replace or delete a node's network
 * interface or data volume, nor a nested stack (an update that drops a nested stack from its parent
 * deletes the child with every interface and volume in it, and a child's own policy does not stop
 * that: only the parent's does, docs/aws-facts.md); everything else may change (instances are
 * removed by every rolling update, so they stay allowed). Deleting the whole stack is not an update
 * and is not affected.
 */
public final class StackPolicy {
  static final List<String> PROTECTED_TYPES =
      List.of("AWS::EC2::Volume", "AWS::EC2::NetworkInterface", "AWS::CloudFormation::Stack");

  private StackPolicy() {}

  public static Map<String, Object> document() {
    Map<String, Object> deny = new LinkedHashMap<>();
    deny.put("Effect", "Deny");
    deny.put("Principal", "*");
    deny.put("Action", List.of("Update:Replace", "Update:Delete"));
    deny.put("Resource", "*");
    deny.put("Condition", Map.of("StringEquals", Map.of("ResourceType", PROTECTED_TYPES)));
    Map<String, Object> allow = new LinkedHashMap<>();
    allow.put("Effect", "Allow");
    allow.put("Principal", "*");
    allow.put("Action", "Update:*");
    allow.put("Resource", "*");
    return Map.of("Statement", List.of(deny, allow));
  }
}
