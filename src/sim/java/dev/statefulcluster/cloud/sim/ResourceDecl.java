package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One entry of a template's Resources section, unevaluated. {@code properties} is never null (empty
 * when the template gives none); {@code metadata}, {@code creationPolicy} and {@code updatePolicy}
 * may be null.
 */
record ResourceDecl(
    String logicalId,
    String type,
    ObjectNode properties,
    String condition,
    List<String> dependsOn,
    JsonNode metadata,
    JsonNode creationPolicy,
    String deletionPolicy,
    String updateReplacePolicy,
    JsonNode updatePolicy) {

  ResourceDecl {
    dependsOn = List.copyOf(dependsOn);
  }
}
