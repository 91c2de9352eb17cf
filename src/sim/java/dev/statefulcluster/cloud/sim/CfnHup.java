package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One node's running cfn-hup, as aws-cfn-bootstrap's {@code bin/cfn-hup} and {@code
 * cfnbootstrap/update_hooks.py} do it (docs/aws-facts.md, "cfn-hup and the console output"):
 *
 * <ul>
 *   <li>At start it reads {@code /etc/cfn/cfn-hup.conf} ({@code [main]}: {@code stack} required,
 *       {@code interval} in minutes, default 15, below 1 an error) and its hooks from {@code
 *       /etc/cfn/hooks.conf} and every file in {@code /etc/cfn/hooks.d} (cfn-init's {@code .bak}
 *       copies too), as one ConfigParser: sections of one name in two files merge, the later file's
 *       keys winning. The real helper reads hooks.d in the filesystem's order; the model in name
 *       order. A section lacking triggers, path or action is skipped; no hook, no conf, no stack or
 *       a bad interval: cfn-hup exits before its first poll.
 *   <li>As its daemon it polls at start, then {@code interval} after each poll ended. Run {@code
 *       --no-daemon} under a systemd unit with {@code Restart=always}, it polls once per start:
 *       every {@code RestartSec}.
 *   <li>Each poll makes one DescribeStackResource per logical id its hooks name. A resource in a
 *       {@code *_IN_PROGRESS} state, or one that is not there, is skipped. The value each hook saw
 *       is kept on the root disk ({@link NodeDisk#hupData}, the shelf), so it outlives a restart, a
 *       reboot and a stop and start. Triggers: {@code post.add} (nothing stored, a value now),
 *       {@code post.remove}, {@code post.update} (stored and now both there, and different); else
 *       the value is stored. An action that exits non-zero leaves the stored value as it was, so it
 *       runs again at the next poll.
 * </ul>
 *
 * <p>Polls whose answer cannot differ from the last one are not run, only counted: the model runs a
 * poll when a watched resource was updated, at the first poll, and after a skip or a failure.
 */
final class CfnHup {
  static final String CONF = "/etc/cfn/cfn-hup.conf";
  static final String HOOKS_CONF = "/etc/cfn/hooks.conf";
  static final String HOOKS_DIR = "/etc/cfn/hooks.d/";
  static final String UNIT = "/etc/systemd/system/cfn-hup.service";

  /** A hook as ConfigParser left it: triggers, path, action. */
  record Hook(String name, List<String> triggers, String path, String action) {
    String key() {
      return name + "|" + path;
    }

    /** The logical id after {@code Resources.}, or null for a path cfn-hup refuses. */
    String logicalId() {
      String[] parts = path.split("\\.", 4);
      return parts.length >= 2 && parts[0].equalsIgnoreCase("resources") ? parts[1] : null;
    }
  }

  final String stack;
  final List<Hook> hooks;
  final Duration period;
  final Set<String> logicalIds = new LinkedHashSet<>();

  /** The last poll the schedule counts from, and how many polls it had made up to it. */
  private Instant anchor;

  private long pollsAtAnchor;

  /** The poll the model will run, if one is due. */
  Instant scheduled;

  private CfnHup(String stack, List<Hook> hooks, Duration period) {
    this.stack = stack;
    this.hooks = hooks;
    this.period = period;
    for (Hook h : hooks) {
      if (h.logicalId() != null) {
        logicalIds.add(h.logicalId());
      }
    }
  }

  /** cfn-hup as it starts on {@code disk}, or null when it exits before polling. */
  static CfnHup start(NodeDisk disk) {
    Optional<String> conf = disk.file(CONF);
    if (conf.isEmpty()) {
      return null; // "Could not find main configuration"
    }
    Map<String, String> m = parse(List.of(conf.get())).get("main");
    if (m == null || m.get("stack") == null) {
      return null;
    }
    Duration period;
    if (noDaemon(disk)) {
      period = restartSec(disk.file(UNIT).orElse(""));
    } else {
      int minutes;
      try {
        minutes = m.containsKey("interval") ? Integer.parseInt(m.get("interval")) : 15;
      } catch (NumberFormatException e) {
        return null;
      }
      if (minutes < 1) {
        return null;
      }
      period = Duration.ofMinutes(minutes);
    }
    List<String> texts = new ArrayList<>();
    texts.add(disk.file(HOOKS_CONF).orElse(null));
    texts.addAll(disk.filesIn(HOOKS_DIR).values());
    List<Hook> hooks = new ArrayList<>();
    parse(texts)
        .forEach(
            (name, keys) -> {
              if (keys.containsKey("triggers")
                  && keys.containsKey("path")
                  && keys.containsKey("action")) {
                List<String> triggers = new ArrayList<>();
                for (String t : keys.get("triggers").split(",")) {
                  triggers.add(t.strip());
                }
                hooks.add(new Hook(name, triggers, keys.get("path").strip(), keys.get("action")));
              }
            });
    if (hooks.isEmpty()) {
      return null;
    }
    return new CfnHup(stackName(m.get("stack")), List.copyOf(hooks), period);
  }

  /** The stack named by cfn-hup.conf: a name, or the name inside a stack id. */
  static String stackName(String nameOrId) {
    if (nameOrId.startsWith("arn:")) {
      String[] parts = nameOrId.split(":", 6);
      if (parts.length == 6 && parts[5].startsWith("stack/")) {
        String[] path = parts[5].split("/");
        return path.length > 1 ? path[1] : nameOrId;
      }
    }
    return nameOrId;
  }

  /** The unit runs {@code cfn-hup --no-daemon}: one poll per start. */
  private static boolean noDaemon(NodeDisk disk) {
    for (String line : disk.file(UNIT).orElse("").split("\n")) {
      if (line.strip().startsWith("ExecStart=") && line.contains("--no-daemon")) {
        return true;
      }
    }
    return false;
  }

  /** systemd's RestartSec (seconds; default 100 ms) of a unit that restarts. */
  private static Duration restartSec(String unit) {
    for (String line : unit.split("\n")) {
      String l = line.strip();
      if (l.startsWith("RestartSec=")) {
        try {
          return Duration.ofMillis(
              Math.max(100, Math.round(Double.parseDouble(l.substring(11).strip()) * 1000)));
        } catch (NumberFormatException e) {
          break;
        }
      }
    }
    return Duration.ofMillis(100);
  }

  /**
   * ConfigParser over {@code texts} in order (null: a file not there): {@code [section]}, {@code
   * key=value} or {@code key: value}, keys lower-cased, values stripped, {@code #} and {@code ;}
   * comment lines; a section met again adds to and overrides the keys it had.
   */
  static Map<String, Map<String, String>> parse(List<String> texts) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String text : texts) {
      if (text == null) {
        continue;
      }
      Map<String, String> section = null;
      for (String raw : text.split("\n")) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        if (line.startsWith("[") && line.endsWith("]")) {
          section =
              out.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
          continue;
        }
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        int at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
        if (section != null && at > 0) {
          section.put(line.substring(0, at).strip().toLowerCase(), line.substring(at + 1).strip());
        }
      }
    }
    return out;
  }

  /** The first poll, at {@code now}. */
  void firstPoll(Instant now) {
    anchor = now;
    pollsAtAnchor = 1;
  }

  /** Polls this run made up to {@code now}. */
  long polls(Instant now) {
    if (anchor == null) {
      return 0;
    }
    long later =
        now.isBefore(anchor)
            ? 0
            : Duration.between(anchor, now).toMillis() / Math.max(1, period.toMillis());
    return pollsAtAnchor + later;
  }

  /** The next poll strictly after {@code now}. */
  Instant nextPoll(Instant now) {
    long k = Duration.between(anchor, now).toMillis() / Math.max(1, period.toMillis()) + 1;
    return anchor.plus(period.multipliedBy(Math.max(1, k)));
  }

  /** A poll at {@code at} ran actions for {@code took}: the next one is a period after it ended. */
  void tookLonger(Instant at, Duration took) {
    if (!took.isZero()) {
      pollsAtAnchor = polls(at);
      anchor = at.plus(took);
    }
  }

  /** What a poll decides for one hook. */
  enum Decision {
    RUN,
    STORE
  }

  /**
   * The trigger logic of update_hooks.py {@code _process_hook}: {@code before} the stored value,
   * {@code now} the value this poll read.
   */
  static Decision decide(Hook hook, Object before, Object now) {
    boolean old = truthy(before);
    boolean fresh = truthy(now);
    if (hook.triggers().contains("post.add") && !old && fresh) {
      return Decision.RUN;
    }
    if (hook.triggers().contains("post.remove") && old && !fresh) {
      return Decision.RUN;
    }
    if (hook.triggers().contains("post.update") && old && fresh && !before.equals(now)) {
      return Decision.RUN;
    }
    return Decision.STORE;
  }

  /** Python's truth: None, an empty string, object or list are false. */
  private static boolean truthy(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof JsonNode j) {
      return !j.isNull()
          && !(j.isContainerNode() && j.isEmpty())
          && !(j.isTextual() && j.asText().isEmpty());
    }
    return true;
  }

  /** The DescribeStackResource calls of this run's polls up to {@code now}. */
  long calls(Instant now) {
    return polls(now) * logicalIds.size();
  }
}
