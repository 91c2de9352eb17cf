package dev.statefulcluster.ops.core;

import java.time.Duration;

/** Durations as progress lines show them: 45s, 12m05s, 2h03m. */
public final class Elapsed {
  private Elapsed() {}

  public static String format(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
