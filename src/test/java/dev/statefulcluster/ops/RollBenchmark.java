package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.sim.SimLatencies;
import dev.statefulcluster.ops.core.Elapsed;
import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.roll.Batch;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rolling updates in the in-memory model, whose latencies are AWS's typical ones (docs/sim.md): for
 * N nodes, the makespan, how long each node was down, how many stack updates (against the lower
 * bound: N+1 node by node, zones+1 zone by zone) and how many API calls. Virtual time, so the
 * figures are exact and repeatable. Run with bench/roll.sh.
 */
public final class RollBenchmark {
  private RollBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.out.println("latencies: " + SimLatencies.defaults());
    System.out.println("node boot until its signal: 90 s after the instance runs");
    System.out.println();
    System.out.printf(
        "%-22s %4s %8s %8s %10s %14s %10s %9s%n",
        "mode", "N", "updates", "bound", "makespan", "down per node", "API calls", "per node");
    Duration nodeByNode = Duration.ZERO;
    for (int n : new int[] {3, 9, 30}) {
      nodeByNode = row("signals only", n, null, false);
    }
    Duration zoneByZone = Duration.ZERO;
    for (int n : new int[] {9, 30}) {
      zoneByZone = row("--batch zone", n, null, true);
    }
    System.out.printf(
        "30 nodes over 3 zones: zone by zone takes %s, node by node %s (%.1f%%)%n",
        Elapsed.format(zoneByZone),
        Elapsed.format(nodeByNode),
        100.0 * zoneByZone.toMillis() / nodeByNode.toMillis());
    for (int n : new int[] {3, 9, 30}) {
      row(
          "+ health check",
          n,
          new HealthCheck() {
            @Override
            public String describe() {
              return "tcp 9042";
            }

            @Override
            public boolean probe(String node, String ip) {
              return true;
            }
          },
          false);
    }
  }

  private static Duration row(String mode, int nodes, HealthCheck check, boolean byZone)
      throws Exception {
    SimWorld world = new SimWorld();
    world.deploy(SimWorld.counted("bench", nodes, ""));
    int updatesBefore = world.calls("ExecuteChangeSet");
    int callsBefore = world.cloud.totalCalls();
    Instant start = world.sim.ticker().now();

    RollOptions options = RollOptions.to(SimWorld.AMI_NEW).gatedOn(check, Duration.ofMinutes(5));
    Roller.Report report =
        world.roller().roll("bench", byZone ? options.by(Batch.zone()) : options);

    if (report.failed()) {
      throw new IllegalStateException(report.failure());
    }
    Duration makespan = Duration.between(start, world.sim.ticker().now());
    List<Duration> down = new ArrayList<>(report.downtime().values());
    Collections.sort(down);
    int calls = world.cloud.totalCalls() - callsBefore;
    System.out.printf(
        "%-22s %4d %8d %8d %10s %14s %10d %9.1f%n",
        mode,
        nodes,
        world.calls("ExecuteChangeSet") - updatesBefore,
        (byZone ? Math.min(nodes, SimWorld.ZONES.length) : nodes) + 1,
        Elapsed.format(makespan),
        Elapsed.format(down.get(down.size() / 2))
            + " (max "
            + Elapsed.format(down.get(down.size() - 1))
            + ")",
        calls,
        calls / (double) nodes);
    return makespan;
  }
}
