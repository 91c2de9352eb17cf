package dev.statefulcluster.template;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A command cfn-init runs through the shell. {@code command} is a string or an intrinsic function
 * that yields one; every value in it must already be validated or quoted by the caller.
 */
public record InitCommand(String name, Object command, String cwd, Map<String, Object> env) {
  private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]*$");

  public InitCommand {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("command names are lower-case words: " + name);
    }
    command = Plain.value(command, name);
    env = Plain.copy(env);
  }

  public static InitCommand shell(String name, Object command) {
    return new InitCommand(name, command, "/", Map.of());
  }

  /** A command run where cfn-init runs, for commands whose paths are all absolute. */
  public static InitCommand anywhere(String name, Object command) {
    return new InitCommand(name, command, null, Map.of());
  }

  public InitCommand withEnv(Map<String, Object> variables) {
    return new InitCommand(name, command, cwd, variables);
  }

  Map<String, Object> render() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("command", command);
    if (cwd != null) {
      out.put("cwd", cwd);
    }
    if (!env.isEmpty()) {
      out.put("env", env);
    }
    return out;
  }
}
