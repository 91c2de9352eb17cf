package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.Ticker;
import dev.statefulcluster.ops.core.Deadline;
import dev.statefulcluster.ops.core.Polling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one wait loop: its pace, and when each kind of deadline gives up. */
class PollingTest {
  private static final Polling POLLING =
      new Polling(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(5), Duration.ofHours(1));

  /** A clock that moves only when slept on, recording every pause. */
  static final class Clock implements Ticker {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final List<Duration> pauses = new ArrayList<>();

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public void sleep(Duration duration) {
      pauses.add(duration);
      now = now.plus(duration);
    }
  }

  /** Counts looks; holds from the given look on (never when 0); something happens on none. */
  static Polling.Condition<String> holdingFrom(int look, List<Integer> looks) {
    return new Polling.Condition<>() {
      @Override
      public Optional<String> check() {
        looks.add(looks.size() + 1);
        return looks.size() == look ? Optional.of("done") : Optional.empty();
      }

      @Override
      public String expired() {
        return "expired";
      }
    };
  }

  @Test
  void backsOffToTheCapWhileNothingHappens() throws InterruptedException {
    Clock clock = new Clock();
    List<Integer> looks = new ArrayList<>();
    assertThat(POLLING.until(holdingFrom(5, looks), Deadline.in(clock, Duration.ofHours(1))))
        .isEqualTo("done");
    assertThat(looks).hasSize(5);
    assertThat(clock.pauses)
        .containsExactly(
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofMillis(4500),
            Duration.ofSeconds(5));
  }

  @Test
  void looksSoonAgainAfterSomethingHappened() throws InterruptedException {
    Clock clock = new Clock();
    Polling.Condition<String> busy =
        new Polling.Condition<>() {
          int looks;

          @Override
          public Optional<String> check() {
            return ++looks == 4 ? Optional.of("done") : Optional.empty();
          }

          @Override
          public boolean somethingHappened() {
            return looks == 2;
          }

          @Override
          public String expired() {
            return "expired";
          }
        };
    POLLING.until(busy, Deadline.in(clock, Duration.ofHours(1)));
    assertThat(clock.pauses)
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  @Test
  void aDeadlineInGivesUpOnlyBeyondItAReachedOneAtTheInstant() throws InterruptedException {
    // Pauses of 2 s then 3 s: the clock is exactly 5 s on at the third look.
    Clock clock = new Clock();
    List<Integer> looks = new ArrayList<>();
    assertThat(
            POLLING.until(holdingFrom(0, looks), Deadline.reachedIn(clock, Duration.ofSeconds(5))))
        .isEqualTo("expired");
    assertThat(looks).hasSize(3);

    Clock other = new Clock();
    List<Integer> more = new ArrayList<>();
    assertThat(POLLING.until(holdingFrom(0, more), Deadline.in(other, Duration.ofSeconds(5))))
        .isEqualTo("expired");
    assertThat(more).hasSize(4);
  }
}
