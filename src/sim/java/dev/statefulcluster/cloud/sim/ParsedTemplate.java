package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A parsed template: its sections, in the template's order. Built by {@link TemplateParser};
 * references are checked by {@link TemplateValidator}; evaluated against parameter values by {@link
 * TemplateInstance}.
 */
record ParsedTemplate(
    String body,
    ObjectNode root,
    Map<String, ParameterDecl> parameters,
    ObjectNode mappings,
    Map<String, JsonNode> conditions,
    Map<String, ResourceDecl> resources,
    Map<String, OutputDecl> outputs) {

  /** Same template content (formatting and key order aside). */
  boolean sameContent(ParsedTemplate other) {
    return other != null && root.equals(other.root);
  }
}
