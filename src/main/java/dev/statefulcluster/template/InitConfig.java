package dev.statefulcluster.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cfn-init config: files written, then commands run, then systemd services enabled and kept
 * running (cfn-init's own order). cfn-init runs commands sorted by name, so they are numbered here
 * in the order given.
 */
public record InitConfig(
    List<InitFile> files, List<InitCommand> commands, List<SystemdService> services) {

  public InitConfig {
    files = List.copyOf(files);
    commands = List.copyOf(commands);
    services = List.copyOf(services);
  }

  public static InitConfig commands(InitCommand... commands) {
    return new InitConfig(List.of(), List.of(commands), List.of());
  }

  /**
   * A service cfn-init enables and starts, and restarts when any of {@code files} changes (cfn-hup
   * reads its hooks only at start).
   */
  public record SystemdService(String name, List<String> files) {
    public SystemdService {
      files = List.copyOf(files);
    }
  }

  /**
   * "01-name": cfn-init runs a config's commands in the alphabetical order of their keys. Built by
   * hand, not with String.format: a formatter's first use costs a cold start about 30 ms, and the
   * digits stay ASCII whatever the default locale.
   */
  static String commandKey(int number, String name) {
    return (number < 10 ? "0" : "") + number + "-" + name;
  }

  Map<String, Object> render() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!files.isEmpty()) {
      Map<String, Object> f = new LinkedHashMap<>();
      for (InitFile file : files) {
        if (f.put(file.path(), file.render()) != null) {
          throw new IllegalArgumentException("file written twice: " + file.path());
        }
      }
      out.put("files", f);
    }
    if (!commands.isEmpty()) {
      Map<String, Object> c = new LinkedHashMap<>();
      for (int i = 0; i < commands.size(); i++) {
        c.put(commandKey(i + 1, commands.get(i).name()), commands.get(i).render());
      }
      out.put("commands", c);
    }
    if (!services.isEmpty()) {
      Map<String, Object> s = new LinkedHashMap<>();
      for (SystemdService service : services) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("enabled", "true");
        v.put("ensureRunning", "true");
        v.put("files", service.files());
        s.put(service.name(), v);
      }
      out.put("services", Map.of("systemd", s));
    }
    return out;
  }
}
