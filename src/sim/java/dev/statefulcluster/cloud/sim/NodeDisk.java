package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What cfn-init leaves on one node's root disk, and the part of cfn-init and of the node script
 * that writes it: the files of each config (their content as CloudFormation resolved it), and of
 * the commands only those whose effect is on files — a nested {@code cfn-init --resource R
 * --configsets S} (with the {@code VAR=value} assignments before it in its environment, which the
 * nested run's commands inherit), {@code stateful-node node-env} (self.env, node.env, the reload)
 * and {@code sed -i "s/A/B/g" FILE}. Other commands (prepare, grow, bootstrap, health) are modelled
 * by their observable effect elsewhere (console lines, the signal).
 *
 * <p>cfn-init runs a config's files, then its commands in the order of their names, and the configs
 * in the order of the config set; a config set not in the metadata runs nothing. The disk survives
 * a stop and start, not a termination.
 */
final class NodeDisk {
  static final String ENV_DIR = "/etc/stateful-cluster";
  static final String NODE_ENV = ENV_DIR + "/node.env";
  static final String SELF_ENV = ENV_DIR + "/self.env";
  static final String CLUSTER_ENV = ENV_DIR + "/cluster.env";
  static final String RELOAD_PENDING = ENV_DIR + "/.reload-pending";
  static final String HOOKS_DIR = "/etc/cfn/hooks.d/";

  /** A cfn-hup hook as its file in hooks.d says: the path it watches, the cfn-init it runs. */
  record Hook(String name, String path, String action) {}

  private final Map<String, String> files = new TreeMap<>();
  private int reloads;

  Optional<String> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  /** How many times the node's reload command ran. */
  int reloads() {
    return reloads;
  }

  /** The hooks in hooks.d, as cfn-hup reads them when it starts. */
  List<Hook> hooks() {
    List<Hook> out = new ArrayList<>();
    files.forEach(
        (path, content) -> {
          if (path.startsWith(HOOKS_DIR) && path.endsWith(".conf")) {
            Map<String, String> keys = new HashMap<>();
            for (String line : content.split("\n")) {
              int eq = line.indexOf('=');
              if (eq > 0) {
                keys.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
              }
            }
            if (keys.containsKey("path") && keys.containsKey("action")) {
              out.add(new Hook(path, keys.get("path"), keys.get("action")));
            }
          }
        });
    return out;
  }

  /**
   * Runs {@code command} (a cfn-init command line as a hook's action or a config's command gives
   * it) on this node; {@code stackName} is what {@code --stack} names.
   */
  void run(String command, CfnEndpoint cfn, String stackName) {
    runCommand(command, new HashMap<>(), cfn, stackName, 0);
  }

  /** cfn-init's config set {@code configSet} of {@code logicalId}. */
  void cfnInit(
      CfnEndpoint cfn,
      String stackName,
      String logicalId,
      String configSet,
      Map<String, String> env,
      int depth) {
    JsonNode init =
        cfn.metadata(stackName, logicalId)
            .map(m -> m.path("AWS::CloudFormation::Init"))
            .orElse(null);
    if (init == null || !init.isObject() || depth > 4) {
      return;
    }
    for (JsonNode name : init.path("configSets").path(configSet)) {
      JsonNode config = init.path(name.asText());
      config
          .path("files")
          .fields()
          .forEachRemaining(
              f -> {
                JsonNode content = f.getValue().path("content");
                if (!content.isMissingNode()) {
                  files.put(
                      f.getKey(), content.isTextual() ? content.asText() : content.toString());
                }
              });
      Map<String, String> commands = new TreeMap<>();
      config
          .path("commands")
          .fields()
          .forEachRemaining(c -> commands.put(c.getKey(), c.getValue().path("command").asText()));
      for (String command : commands.values()) {
        runCommand(command, env, cfn, stackName, depth);
      }
    }
  }

  private void runCommand(
      String command, Map<String, String> env, CfnEndpoint cfn, String stackName, int depth) {
    List<String> words = words(command, env);
    Map<String, String> local = new HashMap<>(env);
    int at = 0;
    while (at < words.size() && words.get(at).matches("[A-Z_][A-Z0-9_]*=.*")) {
      String w = words.get(at);
      local.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
      at++;
    }
    if (at >= words.size()) {
      return;
    }
    String program = words.get(at);
    List<String> args = words.subList(at + 1, words.size());
    if (program.endsWith("/cfn-init")) {
      String stack = option(args, "--stack", "-s");
      String resource = option(args, "--resource", "-r");
      String sets = option(args, "--configsets", "-c");
      if (resource != null) {
        cfnInit(
            cfn,
            stack == null ? stackName : stack,
            resource,
            sets == null ? "default" : sets,
            local,
            depth + 1);
      }
    } else if (program.endsWith("/stateful-node") && args.size() > 0) {
      if (args.get(0).equals("node-env")) {
        nodeEnv(args.subList(1, args.size()));
      }
    } else if (program.equals("sed") && args.size() == 3 && args.get(0).equals("-i")) {
      sed(args.get(1), args.get(2));
    }
  }

  /** The node script's node-env (stateful-node.sh, cmd_node_env), step for step. */
  private void nodeEnv(List<String> args) {
    String node = option(args, "--node");
    String volume = option(args, "--volume-id");
    String ip = option(args, "--ip");
    String reload = option(args, "--reload");
    if (node != null && volume != null && ip != null) {
      files.put(
          SELF_ENV,
          "NODE_NAME=node%s\nNODE_NUMBER=%s\nNODE_IP=%s\nVOLUME_ID=%s\n"
              .formatted(node, node, ip, volume));
    }
    if (!files.containsKey(SELF_ENV) || !files.containsKey(CLUSTER_ENV)) {
      return;
    }
    // ce_new=$(cat self.env cluster.env): the shell drops trailing newlines, printf adds one.
    String fresh = chomp(files.get(SELF_ENV) + files.get(CLUSTER_ENV));
    String old = files.get(NODE_ENV);
    if (old == null) {
      files.put(NODE_ENV, fresh + "\n");
      files.remove(RELOAD_PENDING);
      return;
    }
    if (!chomp(old).equals(fresh)) {
      if (reload != null) {
        files.put(RELOAD_PENDING, "");
      }
      files.put(NODE_ENV, fresh + "\n");
    } else if (!files.containsKey(RELOAD_PENDING)) {
      return;
    }
    if (reload != null && files.containsKey(reload)) {
      reloads++;
    }
    files.remove(RELOAD_PENDING);
  }

  private void sed(String script, String path) {
    String content = files.get(path);
    String[] parts = script.split("/", -1);
    if (content == null || parts.length != 4 || !parts[0].equals("s") || !parts[3].equals("g")) {
      return;
    }
    files.put(path, content.replace(parts[1], parts[2]));
  }

  private static String chomp(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '\n') {
      end--;
    }
    return s.substring(0, end);
  }

  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
  }

  private static String option(List<String> args, String name, String shortName) {
    String v = option(args, name);
    return v != null ? v : option(args, shortName);
  }

  /** The shell's words of a simple command: blanks split, double quotes kept together, $VAR set. */
  private static List<String> words(String command, Map<String, String> env) {
    List<String> out = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        word = word == null ? new StringBuilder() : word;
      } else if (!quoted && Character.isWhitespace(c)) {
        if (word != null) {
          out.add(word.toString());
          word = null;
        }
      } else if (c == '$' && i + 1 < command.length() && isName(command.charAt(i + 1))) {
        int end = i + 1;
        while (end < command.length() && isName(command.charAt(end))) {
          end++;
        }
        word = word == null ? new StringBuilder() : word;
        word.append(env.getOrDefault(command.substring(i + 1, end), ""));
        i = end - 1;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      out.add(word.toString());
    }
    return out;
  }

  private static boolean isName(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  /** The value at a cfn-hup path below {@code Resources.<id>.Metadata}, or null. */
  static JsonNode at(JsonNode metadata, List<String> keys) {
    JsonNode v = metadata;
    for (String k : keys) {
      if (v == null || !v.isObject()) {
        return null;
      }
      v = v.get(k);
    }
    return v;
  }

  /** A hook's path split into logical id and the keys below Metadata, or null if it is not one. */
  static Map.Entry<String, List<String>> metadataPath(String path) {
    String[] parts = path.split("\\.");
    if (parts.length < 3 || !parts[0].equals("Resources") || !parts[2].equals("Metadata")) {
      return null;
    }
    List<String> keys = new ArrayList<>();
    for (int i = 3; i < parts.length; i++) {
      keys.add(parts[i]);
    }
    return Map.entry(parts[1], keys);
  }
}
