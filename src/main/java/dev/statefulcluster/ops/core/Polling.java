package dev.statefulcluster.ops.core;

import java.time.Duration;
import java.util.Optional;

/**
 * How operations wait for AWS: poll soon after something happened, back off while nothing does,
 * never longer than the cap between two looks, and give up after the limit. Every wait of the
 * operations goes through {@link #until}, so the pace of API calls is decided here only.
 */
public record Polling(Duration first, double factor, Duration cap, Duration limit) {
  /** Defaults for real AWS: first look after 2 s, ×1.5 while quiet, at most 15 s apart. */
  public static final Polling DEFAULT =
      new Polling(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(15), Duration.ofHours(13));

  public Duration next(Duration previous, boolean somethingHappened) {
    if (somethingHappened || previous == null) {
      return first;
    }
    long millis = (long) (previous.toMillis() * factor);
    return millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
  }

  /** What is waited for: one look at a time. */
  public interface Condition<T> {
    /** Looks once: the result when the wait is over, empty to look again. */
    Optional<T> check() throws InterruptedException;

    /**
     * What the wait ends with once the deadline passed and the condition does not hold: most waits
     * throw (after cleaning up what they leave behind), a few settle for what they have.
     */
    T expired();

    /** Whether the last look saw something happen: the next comes soon again then. */
    default boolean somethingHappened() {
      return false;
    }

    /** Called before each pause, after the deadline was checked (a progress line, say). */
    default void waiting() {}
  }

  /** Looks until the condition holds or the deadline passes, pausing between looks. */
  public <T> T until(Condition<T> condition, Deadline deadline) throws InterruptedException {
    Duration wait = null;
    while (true) {
      Optional<T> result = condition.check();
      if (result.isPresent()) {
        return result.get();
      }
      if (deadline.passed()) {
        return condition.expired();
      }
      condition.waiting();
      wait = next(wait, condition.somethingHappened());
      deadline.ticker().sleep(wait);
    }
  }
}
