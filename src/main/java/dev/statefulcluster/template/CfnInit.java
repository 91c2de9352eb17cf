package dev.statefulcluster.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code AWS::CloudFormation::Init} metadata: named configs and the config sets that run them. */
public final class CfnInit {
  private final Map<String, List<String>> configSets = new LinkedHashMap<>();
  private final Map<String, InitConfig> configs = new LinkedHashMap<>();

  public CfnInit config(String name, InitConfig config) {
    if (configs.putIfAbsent(name, config) != null) {
      throw new IllegalArgumentException("config '" + name + "' defined twice");
    }
    return this;
  }

  public CfnInit configSet(String name, List<String> configNames) {
    for (String c : configNames) {
      if (!configs.containsKey(c)) {
        throw new IllegalArgumentException("config set '" + name + "' names unknown config " + c);
      }
    }
    configSets.put(name, List.copyOf(configNames));
    return this;
  }

  /** The resource metadata holding this init. */
  public Map<String, Object> metadata() {
    Map<String, Object> init = new LinkedHashMap<>();
    init.put("configSets", new LinkedHashMap<>(configSets));
    configs.forEach((name, config) -> init.put(name, config.render()));
    return Map.of("AWS::CloudFormation::Init", init);
  }
}
