package dev.statefulcluster.cloud.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How instances booted from an image behave once running: after {@code bootTime} the node prepares
 * its data filesystem (one console line per attached data volume) and sends its cfn-signal, SUCCESS
 * or FAILURE; or it hangs and never signals.
 */
public record ImageBehavior(Outcome outcome, Duration bootTime) {

  /** What the node's cfn-signal says. */
  public enum Outcome {
    SUCCESS,
    FAILURE,
    NO_SIGNAL
  }

  public ImageBehavior {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(bootTime, "bootTime");
    if (bootTime.isNegative()) {
      throw new IllegalArgumentException("boot time cannot be negative: " + bootTime);
    }
  }

  /** Boots for {@code bootTime}, then prepares its filesystem and signals SUCCESS. */
  public static ImageBehavior signalsAfter(Duration bootTime) {
    return new ImageBehavior(Outcome.SUCCESS, bootTime);
  }

  /**
   * Boots for {@code bootTime}, prepares its filesystem, then signals FAILURE (health check
   * failed).
   */
  public static ImageBehavior failsAfter(Duration bootTime) {
    return new ImageBehavior(Outcome.FAILURE, bootTime);
  }

  /** Hangs during boot: no console line, no signal, so the CreationPolicy times out. */
  public static ImageBehavior neverSignals() {
    return new ImageBehavior(Outcome.NO_SIGNAL, Duration.ZERO);
  }
}
