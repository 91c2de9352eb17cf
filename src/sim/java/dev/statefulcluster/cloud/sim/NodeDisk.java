package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one node keeps on its root disk, and the part of cfn-init and of the node script that writes
 * it: the files of each config (their content as CloudFormation resolved it), the services a config
 * enables, cfn-hup's stored values ({@code /var/lib/cfn-hup/data/metadata_db}), which data volumes
 * the node script mounted (fstab); and of the commands those whose effect is on files or that the
 * operator can see — a nested {@code cfn-init --resource R --configsets S} (with the {@code
 * VAR=value} assignments before it in its environment, which the nested run's commands inherit),
 * {@code stateful-node node-env} (self.env, node.env, the reload), {@code stateful-node grow}
 * (through the {@link Host}: a console line, or its exit code), and {@code sed -i "s/A/B/g" FILE}.
 * Other commands (prepare, bootstrap, health) are modelled by their observable effect elsewhere
 * (the boot's console lines, the signal) and succeed.
 *
 * <p>cfn-init runs a config's files, then its commands in the order of their names (stopping at the
 * first that fails, as cfn-init does, and exiting non-zero), then its services, and the configs in
 * the order of the config set; a config set not in the metadata runs nothing. Each run reads the
 * resource's metadata with one DescribeStackResource. The disk survives a stop and start, not a
 * termination.
 */
final class NodeDisk {
  static final String ENV_DIR = "/etc/stateful-cluster";
  static final String NODE_ENV = ENV_DIR + "/node.env";
  static final String SELF_ENV = ENV_DIR + "/self.env";
  static final String CLUSTER_ENV = ENV_DIR + "/cluster.env";
  static final String RELOAD_PENDING = ENV_DIR + "/.reload-pending";

  /** What the node's commands reach beyond its root disk. */
  interface Host {
    /** {@code stateful-node grow ARGS}: its exit code (0, or 3, 6, 8 as the script's). */
    int grow(List<String> args);

    /** A call the node made to AWS (cfn-init reading metadata: DescribeStackResource). */
    void called(String api);
  }

  private final Map<String, String> files = new TreeMap<>();
  private final Set<String> enabled = new HashSet<>();
  private final Set<String> started = new LinkedHashSet<>();
  private final Set<String> mounted = new HashSet<>();

  /** cfn-hup's metadata_db: the value each hook saw, keyed {@code name|path}. */
  final Map<String, Object> hupData = new HashMap<>();

  private int reloads;

  /** Files under {@code dir} (direct children), by name. */
  Map<String, String> filesIn(String dir) {
    Map<String, String> out = new TreeMap<>();
    files.forEach(
        (path, content) -> {
          if (path.startsWith(dir) && path.indexOf('/', dir.length()) < 0) {
            out.put(path, content);
          }
        });
    return out;
  }

  /** Services a config enabled: systemd starts them at every boot. */
  boolean enabled(String service) {
    return enabled.contains(service);
  }

  /** The services cfn-init started (ensureRunning) since the last call, cleared. */
  Set<String> takeStarted() {
    Set<String> out = new LinkedHashSet<>(started);
    started.clear();
    return out;
  }

  /** The node script mounted this volume (prepare): its fstab line mounts it at every boot. */
  void mounted(String volumeId) {
    mounted.add(volumeId);
  }

  boolean isMounted(String volumeId) {
    return mounted.contains(volumeId);
  }

  Optional<String> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  /** How many times the node's reload command ran. */
  int reloads() {
    return reloads;
  }

  /**
   * Runs {@code command} (a hook's action, or a config's command) on this node and returns its exit
   * code; {@code stackName} is what a cfn-init without {@code --stack} names.
   */
  int run(String command, Host host, CfnEndpoint cfn, String stackName) {
    return runCommand(command, new HashMap<>(), host, cfn, stackName, 0);
  }

  /** cfn-init's config set {@code configSet} of {@code logicalId}; its exit code. */
  int cfnInit(
      Host host,
      CfnEndpoint cfn,
      String stackName,
      String logicalId,
      String configSet,
      Map<String, String> env,
      int depth) {
    if (depth > 4) {
      return 1;
    }
    host.called("DescribeStackResource");
    JsonNode init =
        cfn.metadata(stackName, logicalId)
            .map(m -> m.path("AWS::CloudFormation::Init"))
            .orElse(null);
    if (init == null || !init.isObject()) {
      return 1;
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
                  write(f.getKey(), content.isTextual() ? content.asText() : content.toString());
                }
              });
      Map<String, String> commands = new TreeMap<>();
      config
          .path("commands")
          .fields()
          .forEachRemaining(c -> commands.put(c.getKey(), c.getValue().path("command").asText()));
      for (String command : commands.values()) {
        if (runCommand(command, env, host, cfn, stackName, depth) != 0) {
          return 1;
        }
      }
      for (JsonNode manager :
          List.of(
              config.path("services").path("systemd"), config.path("services").path("sysvinit"))) {
        manager
            .fields()
            .forEachRemaining(
                e -> {
                  if (e.getValue().path("enabled").asText().equals("true")) {
                    enabled.add(e.getKey());
                  }
                  if (e.getValue().path("ensureRunning").asText().equals("true")) {
                    started.add(e.getKey());
                  }
                });
      }
    }
    return 0;
  }

  /**
   * cfn-init's file_tool: a file that exists is kept as {@code FILE.bak} (an unchanged rewrite of a
   * file that had one keeps the older {@code .bak}), then the new content is written.
   */
  private void write(String path, String content) {
    String old = files.get(path);
    if (old != null) {
      String olderBak = files.get(path + ".bak");
      files.put(path + ".bak", old.equals(content) && olderBak != null ? olderBak : old);
    }
    files.put(path, content);
  }

  private int runCommand(
      String command,
      Map<String, String> env,
      Host host,
      CfnEndpoint cfn,
      String stackName,
      int depth) {
    List<String> words = words(command, env);
    Map<String, String> local = new HashMap<>(env);
    int at = 0;
    while (at < words.size() && words.get(at).matches("[A-Z_][A-Z0-9_]*=.*")) {
      String w = words.get(at);
      local.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
      at++;
    }
    if (at >= words.size()) {
      return 0;
    }
    if (words.get(at).equals("sudo") && at + 1 < words.size()) {
      at++; // runs as root either way
    }
    String program = words.get(at);
    List<String> args = words.subList(at + 1, words.size());
    if (program.endsWith("/cfn-init")) {
      String stack = option(args, "--stack", "-s");
      String resource = option(args, "--resource", "-r");
      String sets = option(args, "--configsets", "-c");
      return resource == null
          ? 1
          : cfnInit(
              host,
              cfn,
              stack == null ? stackName : stack,
              resource,
              sets == null ? "default" : sets,
              local,
              depth + 1);
    } else if (program.endsWith("/stateful-node") && args.size() > 0) {
      if (args.get(0).equals("node-env")) {
        nodeEnv(args.subList(1, args.size()));
      } else if (args.get(0).equals("grow")) {
        return host.grow(args.subList(1, args.size()));
      }
    } else if (program.equals("sed") && args.size() == 3 && args.get(0).equals("-i")) {
      return sed(args.get(1), args.get(2));
    }
    return 0;
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

  private int sed(String script, String path) {
    String content = files.get(path);
    String[] parts = script.split("/", -1);
    if (content == null) {
      return 2;
    }
    if (parts.length != 4 || !parts[0].equals("s") || !parts[3].equals("g")) {
      return 1;
    }
    files.put(path, content.replace(parts[1], parts[2]));
    return 0;
  }

  private static String chomp(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '\n') {
      end--;
    }
    return s.substring(0, end);
  }

  static String option(List<String> args, String name) {
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
}
