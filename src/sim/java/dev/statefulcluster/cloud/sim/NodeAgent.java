package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What runs on a node, reduced to what AWS can observe: at the end of boot the node prepares each
 * data volume's filesystem and writes one console line per volume, then sends its cfn-signal; later
 * cfn-hup (polling every {@link SimLatencies.Step#CFN_HUP_INTERVAL}) notices that a volume's stack
 * resource was updated and the node grows the filesystem, writing a new line with the new size.
 *
 * <p>The line is the one the real node script writes: {@code stateful-cluster: filesystem MOUNT
 * volume VOLID fs_bytes N device_bytes M}. MOUNT is {@link #mountPoint} for the first data volume
 * (then {@code MOUNT2}, {@code MOUNT3}…); the filesystem is the device less 1/64 (ext4's metadata).
 * cfn-hup's first poll only records a baseline, so a change is reported at the first poll after it,
 * never at boot.
 *
 * <p>At boot the node also runs cfn-init as its user data does ({@code --resource <its logical id>
 * --configsets default}), on a {@link NodeDisk} that keeps the files it writes (node.env among
 * them), and cfn-hup starts with the hooks cfn-init put in hooks.d. A hook whose path goes below a
 * resource's {@code Metadata} (the cluster hook: {@code
 * Resources.NodeConfig.Metadata.AWS::CloudFormation::Init.cluster}) compares the value at that path
 * with the one it saw last, as cfn-hup does, and runs its action (a cfn-init) only when it differs:
 * a change elsewhere in the resource's metadata runs nothing.
 */
final class NodeAgent {
  static final String DEFAULT_MOUNT = "/data";

  /** GetConsoleOutput returns at most the last 64 KiB. */
  static final int CONSOLE_LIMIT = 64 * 1024;

  private final SimContext ctx;
  private final Volumes volumes;
  private final Map<String, SimInstance> booted = new LinkedHashMap<>();
  private final Map<String, Map<String, Instant>> baselines = new HashMap<>();
  private final Set<String> pollsScheduled = new HashSet<>();

  /** Each instance's root disk: what cfn-init wrote. Kept across stop and start. */
  private final Map<String, NodeDisk> disks = new HashMap<>();

  /** Per running instance: its cfn-hup hooks on metadata paths and the value each saw last. */
  private final Map<String, Map<NodeDisk.Hook, JsonNode>> metadataHooks = new HashMap<>();

  private CfnEndpoint cfn;
  private String mountPoint = DEFAULT_MOUNT;

  NodeAgent(SimContext ctx, Volumes volumes) {
    this.ctx = ctx;
    this.volumes = volumes;
  }

  void connect(CfnEndpoint cfn) {
    this.cfn = cfn;
  }

  void mountPoint(String mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** The instance is running: its boot takes the image's time. */
  void started(SimInstance i, ImageBehavior behavior) {
    if (behavior.outcome() == ImageBehavior.Outcome.NO_SIGNAL) {
      return;
    }
    ctx.clock().schedule(behavior.bootTime(), () -> boot(i, behavior));
  }

  /**
   * Started again after a stop: cfn-hup runs again from a fresh baseline; the node script does not.
   */
  void restarted(SimInstance i) {
    if (i.bootedAt == null) {
      return;
    }
    i.bootedAt = ctx.clock().now();
    Map<String, Instant> seen = new HashMap<>();
    for (String volumeId : i.dataVolumeIds) {
      SimVolume v = volumes.byId.get(volumeId);
      if (v != null) {
        seen.put(volumeId, lastUpdated(v));
      }
    }
    baselines.put(i.id, seen);
    booted.put(i.id, i);
    startCfnHup(i);
  }

  void stopped(SimInstance i) {
    booted.remove(i.id);
    baselines.remove(i.id);
    metadataHooks.remove(i.id);
    if (i.state.equals("terminated") || i.state.equals("shutting-down")) {
      disks.remove(i.id);
    }
  }

  /** What cfn-init wrote at {@code path} on the instance, if anything. */
  Optional<String> file(SimInstance i, String path) {
    NodeDisk disk = disks.get(i.id);
    return disk == null ? Optional.empty() : disk.file(path);
  }

  /** How many times the instance's reload command ran. */
  int reloads(SimInstance i) {
    NodeDisk disk = disks.get(i.id);
    return disk == null ? 0 : disk.reloads();
  }

  /** A stack resource was updated: nodes hooked on it notice at their next cfn-hup poll. */
  void resourceUpdated(String stackName, String logicalId) {
    for (SimInstance i : booted.values()) {
      if (stackName.equals(i.tag(CfnTags.STACK_NAME))) {
        for (NodeDisk.Hook hook : metadataHooks.getOrDefault(i.id, Map.of()).keySet()) {
          if (logicalId.equals(NodeDisk.metadataPath(hook.path()).getKey())) {
            schedulePoll(i);
          }
        }
      }
      for (String volumeId : i.dataVolumeIds) {
        SimVolume v = volumes.byId.get(volumeId);
        if (v != null
            && stackName.equals(v.tags.get(CfnTags.STACK_NAME))
            && logicalId.equals(v.tags.get(CfnTags.LOGICAL_ID))) {
          schedulePoll(i);
        }
      }
    }
  }

  String consoleOutput(SimInstance i) {
    int from = Math.max(0, i.console.length() - CONSOLE_LIMIT);
    return i.console.substring(from);
  }

  private void boot(SimInstance i, ImageBehavior behavior) {
    if (!i.state.equals("running")) {
      return;
    }
    i.bootedAt = ctx.clock().now();
    String stack = i.tag(CfnTags.STACK_NAME);
    String logicalId = i.tag(CfnTags.LOGICAL_ID);
    if (cfn != null && stack != null && logicalId != null) {
      // The user data: cfn-init -s STACK -r <its logical id> -c default.
      disks
          .computeIfAbsent(i.id, k -> new NodeDisk())
          .cfnInit(cfn, stack, logicalId, "default", Map.of(), 0);
    }
    Map<String, Instant> seen = new HashMap<>();
    for (String volumeId : i.dataVolumeIds) {
      SimVolume v = volumes.byId.get(volumeId);
      if (v != null) {
        report(i, v);
        seen.put(volumeId, lastUpdated(v));
      }
    }
    baselines.put(i.id, seen);
    booted.put(i.id, i);
    startCfnHup(i);
    if (cfn != null && stack != null && logicalId != null) {
      cfn.signalResource(
          stack, logicalId, i.id, behavior.outcome() == ImageBehavior.Outcome.SUCCESS);
    }
  }

  /** cfn-hup starts: it reads hooks.d and takes its baseline of each watched metadata path. */
  private void startCfnHup(SimInstance i) {
    NodeDisk disk = disks.get(i.id);
    String stack = i.tag(CfnTags.STACK_NAME);
    Map<NodeDisk.Hook, JsonNode> hooks = new LinkedHashMap<>();
    if (disk != null && cfn != null && stack != null) {
      for (NodeDisk.Hook hook : disk.hooks()) {
        if (NodeDisk.metadataPath(hook.path()) != null) {
          hooks.put(hook, watched(stack, hook));
        }
      }
    }
    metadataHooks.put(i.id, hooks);
  }

  private JsonNode watched(String stack, NodeDisk.Hook hook) {
    Map.Entry<String, List<String>> path = NodeDisk.metadataPath(hook.path());
    return cfn.metadata(stack, path.getKey())
        .map(m -> NodeDisk.at(m, path.getValue()))
        .orElse(null);
  }

  private void schedulePoll(SimInstance i) {
    Duration interval = ctx.latency(SimLatencies.Step.CFN_HUP_INTERVAL);
    long elapsed = Duration.between(i.bootedAt, ctx.clock().now()).toMillis();
    long polls = elapsed / Math.max(1, interval.toMillis()) + 1;
    Instant at = i.bootedAt.plus(interval.multipliedBy(polls));
    String key = i.id + "@" + at;
    if (pollsScheduled.add(key)) {
      ctx.clock()
          .scheduleAt(
              at,
              () -> {
                pollsScheduled.remove(key);
                poll(i);
              });
    }
  }

  private void poll(SimInstance i) {
    Map<String, Instant> seen = baselines.get(i.id);
    if (!i.state.equals("running") || seen == null) {
      return;
    }
    for (String volumeId : i.dataVolumeIds) {
      SimVolume v = volumes.byId.get(volumeId);
      if (v == null) {
        continue;
      }
      if (inProgress(v)) {
        // Skipped, not baselined: the next poll looks again once the resource has left the state.
        schedulePoll(i);
        continue;
      }
      Instant now = lastUpdated(v);
      if (!Objects.equals(now, seen.get(volumeId))) {
        report(i, v);
        seen.put(volumeId, now);
      }
    }
    String stack = i.tag(CfnTags.STACK_NAME);
    for (Map.Entry<NodeDisk.Hook, JsonNode> e :
        metadataHooks.getOrDefault(i.id, Map.of()).entrySet()) {
      NodeDisk.Hook hook = e.getKey();
      if (cfn.inProgress(stack, NodeDisk.metadataPath(hook.path()).getKey())) {
        schedulePoll(i);
        continue;
      }
      JsonNode now = watched(stack, hook);
      // post.update: the value was there before and is there now, and differs.
      if (now != null && e.getValue() != null && !now.equals(e.getValue())) {
        disks.get(i.id).run(hook.action(), cfn, stack);
      }
      e.setValue(now);
    }
  }

  /** cfn-hup skips a resource in progress and looks again at its next poll. */
  private boolean inProgress(SimVolume v) {
    String stack = v.tags.get(CfnTags.STACK_NAME);
    String logicalId = v.tags.get(CfnTags.LOGICAL_ID);
    if (cfn == null || stack == null || logicalId == null) {
      return false;
    }
    return cfn.inProgress(stack, logicalId);
  }

  private Instant lastUpdated(SimVolume v) {
    String stack = v.tags.get(CfnTags.STACK_NAME);
    String logicalId = v.tags.get(CfnTags.LOGICAL_ID);
    if (cfn == null || stack == null || logicalId == null) {
      return null;
    }
    return cfn.lastUpdated(stack, logicalId).orElse(null);
  }

  private void report(SimInstance i, SimVolume v) {
    int index = i.dataVolumeIds.indexOf(v.id);
    String mount = index == 0 ? mountPoint : mountPoint + (index + 1);
    long device = (long) v.size << 30;
    long fs = device - device / 64;
    i.console
        .append("stateful-cluster: filesystem ")
        .append(mount)
        .append(" volume ")
        .append(v.id)
        .append(" fs_bytes ")
        .append(fs)
        .append(" device_bytes ")
        .append(device)
        .append('\n');
  }
}
