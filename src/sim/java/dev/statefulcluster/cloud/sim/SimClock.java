package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Virtual time and the queue of everything the model has scheduled. {@link #sleep} advances the
 * clock and runs, in time order, every event that falls due; events due at the same instant run in
 * the order they were scheduled, so a run is deterministic. Nothing here uses wall-clock time.
 *
 * <p>The clock is also the model's lock: API calls and sleeps synchronize on it, so the model may
 * be called from several threads, although virtual time is shared by all of them.
 */
public final class SimClock implements Ticker {
  /** Where every model starts: a fixed instant, so that runs and their timestamps repeat. */
  public static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

  private final PriorityQueue<Scheduled> queue =
      new PriorityQueue<>(Comparator.comparing(Scheduled::at).thenComparingLong(Scheduled::seq));
  private Instant now = START;
  private long seq;

  @Override
  public synchronized Instant now() {
    return now;
  }

  /** Advances virtual time by {@code duration}, running every event that falls due on the way. */
  @Override
  public synchronized void sleep(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("cannot sleep a negative duration: " + duration);
    }
    advanceTo(now.plus(duration));
  }

  /** Runs the events due now (scheduled with no delay since the last call). */
  synchronized void runDue() {
    advanceTo(now);
  }

  /** Schedules {@code action} to run {@code delay} from now; the result can cancel it. */
  synchronized Scheduled schedule(Duration delay, Runnable action) {
    Scheduled event = new Scheduled(now.plus(delay), seq++, action);
    queue.add(event);
    return event;
  }

  /** Schedules {@code action} at an absolute instant (now, if that instant has passed). */
  synchronized Scheduled scheduleAt(Instant at, Runnable action) {
    return schedule(at.isBefore(now) ? Duration.ZERO : Duration.between(now, at), action);
  }

  /** How many events are waiting; lets tests and benchmarks see that a model has gone quiet. */
  synchronized int pending() {
    return (int) queue.stream().filter(s -> !s.cancelled).count();
  }

  private void advanceTo(Instant target) {
    while (!queue.isEmpty() && !queue.peek().at().isAfter(target)) {
      Scheduled event = queue.poll();
      if (event.at().isAfter(now)) {
        now = event.at();
      }
      if (!event.cancelled) {
        event.action.run();
      }
    }
    now = target;
  }

  /** One scheduled event. */
  static final class Scheduled {
    private final Instant at;
    private final long seq;
    private final Runnable action;
    private boolean cancelled;

    private Scheduled(Instant at, long seq, Runnable action) {
      this.at = at;
      this.seq = seq;
      this.action = action;
    }

    Instant at() {
      return at;
    }

    long seq() {
      return seq;
    }

    void cancel() {
      cancelled = true;
    }
  }
}
