package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.sim.SimLatencies;
import dev.statefulcluster.ops.core.Elapsed;
import dev.statefulcluster.ops.core.HealthCheck;
import dev.statefulcluster.ops.roll.Batch;
import dev.statefulcluster.ops.roll.RollOptions;
import dev.statefulcluster.ops.roll.Roller;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cluster over nested stacks in the in-memory model, with AWS's typical latencies (docs/sim.md):
 * for deploy (create), status, a zone-by-zone roll to a new AMI, the same gated on a health check
 * from here (--health-check), deploy's zone roll of an instance type change, grow, snapshot,
 * destroy and restore (deploy --from-snapshots of destroy's set) of N nodes over 3 zones, the API
 * calls each makes (and the busiest), its makespan in virtual time and the real time the model
 * took. Run with bench/nested.sh [N...] (default 100 and 1000).
 */
public final class NestedBenchmark {
  private NestedBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.out.println("latencies: " + SimLatencies.defaults());
    System.out.println("node boot until its signal: 90 s after the instance runs");
    System.out.println();
    System.out.printf(
        "%5s  %-19s %10s %10s %9s  %s%n", "N", "op", "makespan", "API calls", "real", "most calls");
    String[] sizes = args.length == 0 ? new String[] {"100", "1000"} : args;
    for (String size : sizes) {
      run(Integer.parseInt(size));
    }
  }

  private static void run(int nodes) throws Exception {
    SimWorld world = SimWorld.wide();
    String name = "bench";
    measure(
        world,
        nodes,
        "deploy",
        () -> {
          Deployer.Outcome o = world.deploy(SimWorld.counted(name, nodes, ""));
          if (o != Deployer.Outcome.CREATED) {
            throw new IllegalStateException("deploy: " + o);
          }
        });
    measure(
        world,
        nodes,
        "status",
        () -> {
          int rows = new StatusReader(world.cloud).read(name, 0).nodes().size();
          if (rows != nodes) {
            throw new IllegalStateException("status: " + rows + " rows");
          }
        });
    measure(
        world,
        nodes,
        "roll",
        () -> {
          Roller.Report r =
              world
                  .roller()
                  .roll(
                      name,
                      RollOptions.to(SimWorld.AMI_NEW)
                          .onNodes(java.util.List.of())
                          .by(Batch.zone()));
          if (r.failed() || r.steps().size() != 4) {
            throw new IllegalStateException("roll: " + r.steps().size() + " updates");
          }
        });
    measure(
        world,
        nodes,
        "roll --health-check",
        () -> {
          HealthCheck passes =
              new HealthCheck() {
                @Override
                public String describe() {
                  return "tcp 9042";
                }

                @Override
                public boolean probe(String node, String ip) {
                  return true;
                }
              };
          Roller.Report r =
              world
                  .roller()
                  .roll(
                      name,
                      RollOptions.to(SimWorld.AMI_OLD)
                          .gatedOn(passes, Duration.ofMinutes(5))
                          .by(Batch.zone()));
          if (r.failed() || r.steps().size() != 6) {
            throw new IllegalStateException(
                "roll --health-check: " + r.steps().size() + " updates");
          }
        });
    measure(
        world,
        nodes,
        "deploy instanceType",
        () -> {
          Deployer.Outcome o =
              world
                  .deployer()
                  .deploy(
                      SimWorld.spec(
                          SimWorld.counted(name, nodes, "")
                              .replace("instanceType: m6i.large", "instanceType: m6i.xlarge")),
                      SimWorld.WITH_BUCKET.rolling(null, Duration.ofMinutes(5), true));
          if (o != Deployer.Outcome.UPDATED) {
            throw new IllegalStateException("deploy instanceType: " + o);
          }
        });
    measure(
        world,
        nodes,
        "grow",
        () -> {
          int grown =
              new Grower(world.cloud, world.polling, world.progress)
                  .grow(
                      name,
                      new Grower.Options(200, null, null, List.of(), null, Duration.ofMinutes(20)))
                  .size();
          if (grown != nodes) {
            throw new IllegalStateException("grow: " + grown + " volumes");
          }
        });
    measure(
        world,
        nodes,
        "snapshot",
        () -> {
          int taken =
              new Snapshotter(world.cloud, world.polling, world.progress)
                  .snapshot(name, Map.of())
                  .members()
                  .size();
          if (taken != nodes) {
            throw new IllegalStateException("snapshot: " + taken + " snapshots");
          }
        });
    String[] set = new String[1];
    measure(
        world,
        nodes,
        "destroy",
        () -> {
          Destroyer.Result r =
              new Destroyer(world.cloud, world.polling, world.progress).destroy(name);
          if (r.nodes().size() != nodes || !r.missing().isEmpty()) {
            throw new IllegalStateException("destroy: " + r.missing().size() + " missing");
          }
          set[0] = r.set();
        });
    measure(
        world,
        nodes,
        "restore",
        () -> {
          Deployer.Outcome o =
              world
                  .deployer()
                  .deploy(
                      SimWorld.spec(
                          SimWorld.counted(name, nodes, "").replace("size: 100", "size: 200")),
                      new Deployer.Options(SimWorld.BUCKET, set[0]));
          if (o != Deployer.Outcome.CREATED) {
            throw new IllegalStateException("restore: " + o);
          }
        });
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void measure(SimWorld world, int nodes, String op, Step step) throws Exception {
    Map<String, Integer> before = new HashMap<>(world.sim.calls());
    int total = world.sim.totalCalls();
    Instant start = world.sim.ticker().now();
    long real = System.nanoTime();
    step.run();
    long ms = (System.nanoTime() - real) / 1_000_000;
    Duration makespan = Duration.between(start, world.sim.ticker().now());
    Map<Integer, String> busiest = new TreeMap<>((a, b) -> b - a);
    world
        .sim
        .calls()
        .forEach(
            (api, k) -> {
              int made = k - before.getOrDefault(api, 0);
              if (made > 0) {
                busiest.merge(made, api, (a, b) -> a + ", " + b);
              }
            });
    StringBuilder top = new StringBuilder();
    busiest.entrySet().stream()
        .limit(3)
        .forEach(
            e ->
                top.append(top.length() == 0 ? "" : "; ")
                    .append(e.getValue())
                    .append(' ')
                    .append(e.getKey()));
    System.out.printf(
        "%5d  %-19s %10s %10d %7.1f s  %s%n",
        nodes, op, Elapsed.format(makespan), world.sim.totalCalls() - total, ms / 1000.0, top);
  }
}
