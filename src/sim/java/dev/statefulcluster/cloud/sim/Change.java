package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What an update does to one existing resource, decided at execution with every value known:
 * nothing, a replacement (a create-only property changed, or a conditionally create-only one the
 * provider cannot update in place), an in-place property update, or only a record update (metadata,
 * policies).
 */
record Change(List<String> properties, boolean replace, boolean metadata, List<String> policies) {

  static Change between(
      ResourceState current,
      ResourceDecl decl,
      ObjectNode properties,
      JsonNode metadata,
      ResourceProvider provider) {
    List<String> changed = PropertyDiff.changed(current.properties, properties);
    SchemaCatalog.Schema schema = SchemaCatalog.of(decl.type());
    boolean replace = false;
    for (String p : changed) {
      if (schema.createOnly().contains(p)
          || (schema.conditionalCreateOnly().contains(p) && provider.replacesOnConditional(p))) {
        replace = true;
      }
    }
    boolean meta = !PropertyDiff.same(current.metadata, metadata);
    return new Change(changed, replace, meta, PropertyDiff.policies(current.decl, decl));
  }

  boolean none() {
    return properties.isEmpty() && !metadata && policies.isEmpty();
  }

  /** How a change of {@code property} is reported: Always, Conditionally or Never. */
  static String recreation(String type, String property) {
    SchemaCatalog.Schema schema = SchemaCatalog.of(type);
    if (schema.createOnly().contains(property)) {
      return "Always";
    }
    return schema.conditionalCreateOnly().contains(property) ? "Conditionally" : "Never";
  }
}
