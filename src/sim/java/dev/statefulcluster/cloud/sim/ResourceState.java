package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statefulcluster.cloud.StackResource;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A stack resource as CloudFormation records it: the physical id, status, the properties and
 * metadata it was last given (resolved), the attributes Fn::GetAtt reads, and the template entry
 * (for its policies).
 */
final class ResourceState {
  final String logicalId;
  final String type;
  ResourceDecl decl;
  String physicalId;
  String status;
  String reason;
  Instant lastUpdated;
  ObjectNode properties;
  JsonNode metadata;
  Map<String, JsonNode> attributes = Map.of();

  /** The resources it depended on when last created or updated: deletion goes the other way. */
  Set<String> dependsOn = Set.of();

  ResourceState(String logicalId, String type) {
    this.logicalId = logicalId;
    this.type = type;
  }

  ResourceState copy() {
    ResourceState c = new ResourceState(logicalId, type);
    c.decl = decl;
    c.physicalId = physicalId;
    c.status = status;
    c.reason = reason;
    c.lastUpdated = lastUpdated;
    c.properties = properties;
    c.metadata = metadata;
    c.attributes = attributes;
    c.dependsOn = dependsOn;
    return c;
  }

  boolean gone() {
    return status != null && (status.equals("DELETE_COMPLETE") || status.equals("DELETE_SKIPPED"));
  }

  StackResource view() {
    return new StackResource(logicalId, physicalId, type, status, reason, lastUpdated);
  }
}
