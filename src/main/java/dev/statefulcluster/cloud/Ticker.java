package dev.statefulcluster.cloud;

import java.time.Duration;
import java.time.Instant;

/**
 * Time as the operations see it. Waiting goes through {@link #sleep} so that the in-memory model
 * can run on a virtual clock: a test that waits an hour of AWS time takes milliseconds.
 */
public interface Ticker {
  Instant now();

  void sleep(Duration duration) throws InterruptedException;

  static Ticker system() {
    return new Ticker() {
      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
      }
    };
  }
}
