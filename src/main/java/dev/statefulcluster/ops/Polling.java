package dev.statefulcluster.ops;

import java.time.Duration;

/**
 * How operations wait for AWS: poll soon after something happened, back off while nothing does,
 * never longer than the cap between two looks, and give up after the limit.
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
}
