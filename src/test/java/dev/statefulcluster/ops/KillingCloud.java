package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.testing.InterceptedCloud;
import java.util.function.Predicate;

/**
 * The tool killed mid-operation: the n-th call matching a predicate never returns (it throws {@link
 * Killed}), while the in-memory AWS behind it carries on as AWS would.
 */
final class KillingCloud extends InterceptedCloud {
  static final class Killed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Killed(String at) {
      super("killed at " + at);
    }
  }

  KillingCloud(Cloud inner, Predicate<String> counts, int nth) {
    super(
        inner,
        atCall(
            counts,
            nth,
            api -> {
              throw new Killed(api);
            }));
  }
}
