package dev.statefulcluster.ops.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.synth.ClusterLayout;
import dev.statefulcluster.synth.ResourceProperties;
import dev.statefulcluster.synth.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deployed template read back from its stack, with the questions operations ask of it. The
 * stack's template, not the user's file, is the truth about what runs.
 */
public final class TemplateDocument {
  private final Map<String, Object> root;

  private TemplateDocument(Map<String, Object> root) {
    this.root = root;
  }

  @SuppressWarnings("unchecked")
  public static TemplateDocument parse(String body) {
    try {
      String trimmed = body.stripLeading();
      Object tree =
          trimmed.startsWith("{")
              ? new ObjectMapper().readValue(body, LinkedHashMap.class)
              : new YAMLMapper().readValue(body, LinkedHashMap.class);
      return new TemplateDocument((Map<String, Object>) tree);
    } catch (JsonProcessingException e) {
      throw OpsException.failed("the stack's template cannot be read: " + e.getOriginalMessage());
    }
  }

  public static TemplateDocument of(Map<String, Object> rendered) {
    return new TemplateDocument(rendered);
  }

  public Map<String, Object> root() {
    return root;
  }

  /** Where the deployed stack holds each node's state. */
  public ClusterLayout layout() {
    return ClusterLayout.of(nodeCount());
  }

  /** How many nodes the template has (an ENI for each). */
  public int nodeCount() {
    int n = 0;
    while (resources().containsKey(ClusterLayout.node(n + 1).eni())) {
      n++;
    }
    return n;
  }

  /** The names of the parameters the template declares. */
  public Set<String> parameters() {
    return map(root.get("Parameters")).keySet();
  }

  public boolean hasResource(String logicalId) {
    return resources().containsKey(logicalId);
  }

  public Map<String, Object> properties(String logicalId) {
    return map(map(resources().get(logicalId)).get(ResourceProperties.PROPERTIES));
  }

  public Object property(String logicalId, String name) {
    return properties(logicalId).get(name);
  }

  /** The value a setting has in this template, null when unset. */
  public Object value(Setting setting) {
    return property(setting.logicalId(), setting.property());
  }

  /** The device name of an instance's root volume mapping (its first), or null when none. */
  public String rootDevice(String instanceId) {
    if (property(instanceId, ResourceProperties.BLOCK_DEVICE_MAPPINGS) instanceof List<?> mappings
        && !mappings.isEmpty()) {
      Object name = map(mappings.get(0)).get(ResourceProperties.DEVICE_NAME);
      return name instanceof String s ? s : null;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> resources() {
    return map(root.get(ResourceProperties.RESOURCES));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
