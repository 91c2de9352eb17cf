package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statefulcluster.cloud.Ec2Api;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What runs on a node, reduced to what AWS can observe. At the end of boot the node runs what its
 * user data runs, {@code cfn-init --resource <its logical id> --configsets default}, on a {@link
 * NodeDisk} that keeps what it writes; the node script prepares each data volume and writes one
 * console line per volume; the node sends its cfn-signal. cfn-init starts the services its configs
 * ask for: cfn-hup ({@link CfnHup}) then polls as the real helper does, reading its conf and hooks
 * from the disk, and runs their actions (a cfn-init whose {@code stateful-node grow} writes a new
 * line with the size now visible, whose {@code node-env} rewrites node.env).
 *
 * <p>The line is the one the real node script writes: {@code stateful-cluster: filesystem MOUNT
 * volume VOLID fs_bytes N device_bytes M}. MOUNT is {@link #mountPoint} for the first data volume
 * (then {@code MOUNT2}, {@code MOUNT3}…); the filesystem is the device less 1/64 (ext4's metadata).
 *
 * <p>The console is posted as EC2 does it: GetConsoleOutput without {@code Latest} returns what was
 * posted shortly after the last transition (the boot, a start, a stop, a reboot, the termination);
 * {@code Latest} returns the console as it is, and only on a Nitro type.
 */
final class NodeAgent {
  static final String DEFAULT_MOUNT = "/data";

  /** GetConsoleOutput returns at most the last 64 KiB. */
  static final int CONSOLE_LIMIT = 64 * 1024;

  private static final String DESCRIBE = "DescribeStackResource";

  private final SimContext ctx;
  private final Volumes volumes;
  private final InstanceTypes types;

  /** Each instance's root disk: what cfn-init wrote. Kept across stop and start. */
  private final Map<String, NodeDisk> disks = new HashMap<>();

  /** Instances whose node software is up (booted, not stopped since). */
  private final Map<String, SimInstance> booted = new HashMap<>();

  /** The cfn-hup running on each instance. */
  private final Map<String, CfnHup> hups = new LinkedHashMap<>();

  /** Per instance, its calls to AWS other than cfn-hup's running polls. */
  private final Map<String, Map<String, Long>> calls = new HashMap<>();

  /** Per instance, how long this poll's actions waited (a grow waiting for its device). */
  private final Map<String, Duration> waited = new HashMap<>();

  /** The posted console of each instance, as GetConsoleOutput without Latest returns it. */
  private final Map<String, String> posted = new HashMap<>();

  /** Until when every cfn-hup's DescribeStackResource fails (throttled, or the endpoint down). */
  private Instant pollsFailUntil = Instant.MIN;

  private CfnEndpoint cfn;
  private String mountPoint = DEFAULT_MOUNT;

  NodeAgent(SimContext ctx, Volumes volumes, InstanceTypes types) {
    this.ctx = ctx;
    this.volumes = volumes;
    this.types = types;
  }

  void connect(CfnEndpoint cfn) {
    this.cfn = cfn;
  }

  void mountPoint(String mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** The instance is running: its boot takes the image's time. */
  void started(SimInstance i, ImageBehavior behavior) {
    post(i);
    if (behavior.outcome() == ImageBehavior.Outcome.NO_SIGNAL) {
      return;
    }
    ctx.clock().schedule(behavior.bootTime(), () -> boot(i, behavior));
  }

  /**
   * Running again after a stop and start, or a reboot: systemd starts the services a config enabled
   * (cfn-hup, with the values it stored before); the node script does not run again, the filesystem
   * is mounted from fstab.
   */
  void restarted(SimInstance i) {
    post(i);
    if (i.bootedAt == null) {
      return;
    }
    i.bootedAt = ctx.clock().now();
    booted.put(i.id, i);
    NodeDisk disk = disks.get(i.id);
    if (disk != null && disk.enabled("cfn-hup")) {
      startCfnHup(i);
    }
  }

  void stopped(SimInstance i) {
    booted.remove(i.id);
    CfnHup h = hups.remove(i.id);
    if (h != null) {
      count(i, DESCRIBE, h.calls(ctx.clock().now()));
    }
    post(i);
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

  /**
   * The calls to AWS the instance's helper scripts made so far, per API: cfn-hup's polls,
   * cfn-init's reads of metadata (both DescribeStackResource), cfn-signal's SignalResource.
   */
  Map<String, Long> helperCalls(SimInstance i) {
    Map<String, Long> out = new TreeMap<>(calls.getOrDefault(i.id, Map.of()));
    CfnHup h = hups.get(i.id);
    if (h != null) {
      out.merge(DESCRIBE, h.calls(ctx.clock().now()), Long::sum);
    }
    return out;
  }

  /** Every cfn-hup's polls fail for {@code d} from now: each hook is skipped, and tried again. */
  void failCfnHupPolls(Duration d) {
    pollsFailUntil = ctx.clock().now().plus(d);
  }

  /** The hooks the instance's running cfn-hup read at its start, by name; empty when none runs. */
  List<String> cfnHupHooks(SimInstance i) {
    CfnHup h = hups.get(i.id);
    return h == null ? List.of() : h.hooks.stream().map(CfnHup.Hook::name).toList();
  }

  /**
   * Someone runs {@code command} as root on the node (e.g. the cfn-init a message tells them to);
   * its exit code.
   */
  int runOnNode(SimInstance i, String command) {
    NodeDisk disk = disks.get(i.id);
    if (disk == null || !i.state.equals("running") || cfn == null) {
      return 127;
    }
    waited.put(i.id, Duration.ZERO);
    int status = disk.run(command, host(i), cfn, i.tag(CfnTags.STACK_NAME));
    waited.remove(i.id);
    disk.takeStarted();
    return status;
  }

  /** A stack resource was updated: cfn-hups watching it see the change at their next poll. */
  void resourceUpdated(String stackName, String logicalId) {
    for (Map.Entry<String, CfnHup> e : hups.entrySet()) {
      CfnHup h = e.getValue();
      if (h.stack.equals(stackName) && h.logicalIds.contains(logicalId)) {
        schedule(e.getKey(), h, h.nextPoll(ctx.clock().now()));
      }
    }
  }

  /**
   * GetConsoleOutput: with {@code latest} the console as it is now, refused on a type that is not
   * Nitro; without, what EC2 posted at the last transition. The last 64 KiB either way.
   */
  String consoleOutput(SimInstance i, boolean latest) {
    String text;
    if (latest) {
      Ec2Api.InstanceType type = types.find(i.instanceType);
      if (type == null || !"nitro".equals(type.hypervisor())) {
        throw ApiErrors.service(
            "UnsupportedOperation",
            "Retrieving the latest console output is not supported for instance type "
                + i.instanceType
                + ".");
      }
      text = i.console.toString();
    } else {
      text = posted.getOrDefault(i.id, "");
    }
    return text.substring(Math.max(0, text.length() - CONSOLE_LIMIT));
  }

  /** EC2 posts the console shortly after a transition. */
  private void post(SimInstance i) {
    posted.put(i.id, i.console.toString());
  }

  private void boot(SimInstance i, ImageBehavior behavior) {
    if (!i.state.equals("running")) {
      return;
    }
    i.bootedAt = ctx.clock().now();
    String stack = i.tag(CfnTags.STACK_NAME);
    String logicalId = i.tag(CfnTags.LOGICAL_ID);
    NodeDisk disk = disks.computeIfAbsent(i.id, k -> new NodeDisk());
    if (cfn != null && stack != null && logicalId != null) {
      // The user data: cfn-init -s STACK -r <its logical id> -c default.
      disk.cfnInit(host(i), cfn, stack, logicalId, "default", Map.of(), 0);
    }
    for (String volumeId : i.dataVolumeIds) {
      SimVolume v = volumes.byId.get(volumeId);
      if (v != null) {
        report(i, v);
        disk.mounted(v.id);
      }
    }
    post(i);
    booted.put(i.id, i);
    // A node that reports FAILURE: cfn-init failed before the config that starts services.
    if (disk.takeStarted().contains("cfn-hup")
        && behavior.outcome() == ImageBehavior.Outcome.SUCCESS) {
      startCfnHup(i);
    }
    if (cfn != null && stack != null && logicalId != null) {
      count(i, "SignalResource", 1);
      cfn.signalResource(
          stack, logicalId, i.id, behavior.outcome() == ImageBehavior.Outcome.SUCCESS);
    }
  }

  /** cfn-hup starts: it reads its conf and hooks, and polls at once. */
  private void startCfnHup(SimInstance i) {
    CfnHup h = CfnHup.start(disks.get(i.id));
    if (h == null || cfn == null) {
      return;
    }
    Instant now = ctx.clock().now();
    hups.put(i.id, h);
    h.firstPoll(now);
    schedule(i.id, h, now);
  }

  private void schedule(String instanceId, CfnHup h, Instant at) {
    if (h.scheduled != null) {
      return; // a poll already due sees this change too
    }
    h.scheduled = at;
    ctx.clock()
        .scheduleAt(
            at,
            () -> {
              h.scheduled = null;
              if (hups.get(instanceId) == h) {
                poll(instanceId, h);
              }
            });
  }

  /** One poll of update_hooks.py's HookProcessor, each hook in turn. */
  private void poll(String instanceId, CfnHup h) {
    NodeDisk disk = disks.get(instanceId);
    SimInstance i = booted.get(instanceId);
    if (disk == null || i == null || !i.state.equals("running")) {
      return;
    }
    Instant now = ctx.clock().now();
    waited.put(instanceId, Duration.ZERO);
    boolean again = false;
    boolean failing = now.isBefore(pollsFailUntil);
    for (CfnHup.Hook hook : h.hooks) {
      String id = hook.logicalId();
      if (id == null) {
        continue; // "Unsupported path": the hook never runs
      }
      if (failing || !exists(h.stack, id) || cfn.inProgress(h.stack, id)) {
        again = true; // an error, or InFlightStatusError: nothing stored, looked at next poll
        continue;
      }
      Object now0 = value(h.stack, hook.path());
      Object before = disk.hupData.get(hook.key());
      if (CfnHup.decide(hook, before, now0) == CfnHup.Decision.STORE) {
        disk.hupData.put(hook.key(), now0);
        continue;
      }
      if (disk.run(hook.action(), host(i), cfn, h.stack) == 0) {
        disk.hupData.put(hook.key(), now0);
      } else {
        again = true; // "will retry on next iteration"
      }
    }
    h.tookLonger(now, waited.remove(instanceId));
    if (again) {
      schedule(instanceId, h, h.nextPoll(now));
    }
  }

  private boolean exists(String stack, String logicalId) {
    return cfn.lastUpdated(stack, logicalId).isPresent()
        || cfn.metadata(stack, logicalId).isPresent();
  }

  /** What a hook's path reads: LastUpdatedTimestamp, or the value below Metadata. */
  private Object value(String stack, String path) {
    String[] parts = path.split("\\.", 4);
    if (parts.length == 2) {
      return cfn.lastUpdated(stack, parts[1]).orElse(null);
    }
    if (!parts[2].equalsIgnoreCase("metadata")) {
      return null; // PhysicalResourceId: not modelled
    }
    List<String> keys = parts.length < 4 ? List.of() : List.of(parts[3].split("\\."));
    JsonNode metadata = cfn.metadata(stack, parts[1]).orElse(null);
    return metadata == null ? null : NodeDisk.at(metadata, keys);
  }

  private NodeDisk.Host host(SimInstance i) {
    return new NodeDisk.Host() {
      @Override
      public int grow(List<String> args) {
        return growOn(i, args);
      }

      @Override
      public void called(String api) {
        count(i, api, 1);
      }
    };
  }

  /**
   * {@code stateful-node grow --volume-id V --mount M [--size-gib N] [--wait S]}: the volume must
   * be this node's and mounted (else 3, 6); with {@code --size-gib} a device still smaller after
   * the wait exits 8, else the filesystem fills the device and the node reports it.
   */
  private int growOn(SimInstance i, List<String> args) {
    String volumeId = NodeDisk.option(args, "--volume-id");
    String size = NodeDisk.option(args, "--size-gib");
    String wait = NodeDisk.option(args, "--wait");
    Duration waits = Duration.ofSeconds(wait == null ? 0 : Long.parseLong(wait));
    SimVolume v = volumeId == null ? null : volumes.byId.get(volumeId);
    if (v == null || !i.dataVolumeIds.contains(volumeId)) {
      waited.merge(i.id, waits, Duration::plus);
      return 3;
    }
    NodeDisk disk = disks.get(i.id);
    if (disk == null || !disk.isMounted(volumeId)) {
      return 6;
    }
    if (size != null && v.size < Integer.parseInt(size)) {
      waited.merge(i.id, waits, Duration::plus);
      return 8;
    }
    report(i, v, NodeDisk.option(args, "--mount"));
    return 0;
  }

  private void count(SimInstance i, String api, long n) {
    calls.computeIfAbsent(i.id, k -> new TreeMap<>()).merge(api, n, Long::sum);
  }

  private void report(SimInstance i, SimVolume v) {
    int index = i.dataVolumeIds.indexOf(v.id);
    report(i, v, index == 0 ? mountPoint : mountPoint + (index + 1));
  }

  /** The node script's line; {@code mount}: where the volume is mounted (grow's --mount). */
  private void report(SimInstance i, SimVolume v, String mount) {
    if (mount == null) {
      report(i, v);
      return;
    }
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
