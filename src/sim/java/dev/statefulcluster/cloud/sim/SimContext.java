package dev.statefulcluster.cloud.sim;

import java.time.Duration;

/** What every part of the model shares: the clock, the latencies, the id source, the account. */
record SimContext(
    SimClock clock, SimLatencies latencies, IdGenerator ids, String region, String accountId) {

  Duration latency(SimLatencies.Step step) {
    return latencies.get(step);
  }

  /** Runs {@code action} once {@code step} has taken its time. */
  SimClock.Scheduled after(SimLatencies.Step step, Runnable action) {
    return clock.schedule(latencies.get(step), action);
  }
}
