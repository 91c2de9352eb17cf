package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A stack policy: Allow and Deny statements on update actions ({@code Update:Modify}, {@code
 * Update:Replace}, {@code Update:Delete}, {@code Update:*}) and resources ({@code
 * LogicalResourceId/X}, wildcards allowed), optionally conditioned on {@code ResourceType} with
 * StringEquals or StringLike. Once a policy is set, whatever no statement allows is denied, and an
 * explicit Deny wins over any Allow. It applies to updates only, never to DeleteStack.
 */
final class StackPolicyRules {
  private static final Set<String> ACTIONS =
      Set.of("Update:Modify", "Update:Replace", "Update:Delete", "Update:*");

  private record Statement(
      int number,
      boolean allow,
      List<Pattern> actions,
      boolean notAction,
      List<Pattern> resources,
      boolean notResource,
      String operator,
      List<String> types) {

    boolean matches(String action, String logicalId, String type) {
      boolean actionHit = actions.stream().anyMatch(p -> p.matcher(action).matches()) != notAction;
      String resource = "LogicalResourceId/" + logicalId;
      boolean resourceHit =
          resources.stream().anyMatch(p -> p.matcher(resource).matches()) != notResource;
      boolean conditionHit =
          operator == null
              || (operator.equals("StringEquals")
                  ? types.contains(type)
                  : types.stream().anyMatch(t -> glob(t).matcher(type).matches()));
      return actionHit && resourceHit && conditionHit;
    }
  }

  private final List<Statement> statements;

  private StackPolicyRules(List<Statement> statements) {
    this.statements = statements;
  }

  static StackPolicyRules parse(String body) {
    JsonNode root;
    try {
      root = TemplateParser.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw invalid("the policy is not well-formed JSON");
    }
    if (root == null || !root.path("Statement").isArray()) {
      throw invalid("the policy must have a Statement list");
    }
    List<Statement> out = new ArrayList<>();
    int n = 0;
    for (JsonNode s : root.get("Statement")) {
      n++;
      String effect = s.path("Effect").asText();
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        throw invalid("statement " + n + ": Effect must be Allow or Deny, not '" + effect + "'");
      }
      if (!s.path("Principal").asText().equals("*")) {
        throw invalid("statement " + n + ": Principal must be \"*\"");
      }
      boolean notAction = s.has("NotAction");
      List<String> actions = strings(s.get(notAction ? "NotAction" : "Action"));
      for (String a : actions) {
        if (!ACTIONS.contains(a) && !a.startsWith("Update:")) {
          throw invalid("statement " + n + ": unknown action '" + a + "'");
        }
      }
      boolean notResource = s.has("NotResource");
      List<String> resources = strings(s.get(notResource ? "NotResource" : "Resource"));
      if (actions.isEmpty() || resources.isEmpty()) {
        throw invalid(
            "statement " + n + " needs an Action (or NotAction) and a Resource (or NotResource)");
      }
      String operator = null;
      List<String> types = List.of();
      JsonNode condition = s.get("Condition");
      if (condition != null) {
        Map.Entry<String, JsonNode> c = condition.properties().iterator().next();
        operator = c.getKey();
        if (!operator.equals("StringEquals") && !operator.equals("StringLike")) {
          throw invalid(
              "statement "
                  + n
                  + ": condition operator must be StringEquals or StringLike, not "
                  + operator);
        }
        types = strings(c.getValue().get("ResourceType"));
      }
      out.add(
          new Statement(
              n,
              effect.equals("Allow"),
              globs(actions),
              notAction,
              globs(resources),
              notResource,
              operator,
              types));
    }
    return new StackPolicyRules(out);
  }

  /** Why {@code action} on the resource is denied, or null when the policy allows it. */
  String denial(String action, String logicalId, String type) {
    boolean allowed = false;
    for (Statement s : statements) {
      if (s.matches(action, logicalId, type)) {
        if (!s.allow()) {
          return "Action denied by stack policy: Statement [#"
              + s.number()
              + "] denies ["
              + action
              + "] on resource [LogicalResourceId/"
              + logicalId
              + "]";
        }
        allowed = true;
      }
    }
    return allowed
        ? null
        : "Action denied by stack policy: no statement allows ["
            + action
            + "] on resource [LogicalResourceId/"
            + logicalId
            + "]";
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node != null && node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }

  private static List<Pattern> globs(List<String> values) {
    return values.stream().map(StackPolicyRules::glob).toList();
  }

  private static Pattern glob(String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : value.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }

  private static RuntimeException invalid(String why) {
    return ApiErrors.validation("Error validating stack policy: " + why);
  }
}
