package dev.statefulcluster.ops.core;

import dev.statefulcluster.cloud.Ticker;
import java.time.Duration;
import java.time.Instant;

/** When a wait gives up, on the clock of the cloud it waits for. */
public record Deadline(Ticker ticker, Instant at) {
  /** Passed once the clock is beyond {@code limit} from now. */
  public static Deadline in(Ticker ticker, Duration limit) {
    return new Deadline(ticker, ticker.now().plus(limit));
  }

  /**
   * Passed once the clock reaches {@code limit} from now, not only beyond it: the health gate and
   * the wait for a node's interface have always given up at the very instant, and the tests that
   * count their probes on the virtual clock rely on it.
   */
  public static Deadline reachedIn(Ticker ticker, Duration limit) {
    return new Deadline(ticker, ticker.now().plus(limit).minusNanos(1));
  }

  public boolean passed() {
    return ticker.now().isAfter(at);
  }
}
