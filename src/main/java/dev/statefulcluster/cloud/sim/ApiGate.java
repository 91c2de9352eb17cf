package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.CloudException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The door every API call goes through: it counts the call, throttles it if a test asked for
 * that, and first runs the events due at the current virtual time, all under the model's lock.
 */
final class ApiGate {
  /** Matches every API in {@link #throttle} and {@link #throttleEvery}. */
  static final String ANY = "*";

  private final SimClock clock;
  private final Map<String, Integer> calls = new TreeMap<>();
  private final Map<String, Integer> failNext = new HashMap<>();
  private final Map<String, Integer> failEvery = new HashMap<>();
  private int total;

  ApiGate(SimClock clock) {
    this.clock = clock;
  }

  <T> T call(String api, Supplier<T> body) {
    synchronized (clock) {
      count(api);
      clock.runDue();
      return body.get();
    }
  }

  void run(String api, Runnable body) {
    call(
        api,
        () -> {
          body.run();
          return null;
        });
  }

  /** A further page of a paginated call: one more request to AWS, so counted and throttled. */
  void page(String api) {
    synchronized (clock) {
      count(api);
    }
  }

  void throttle(String api, int times) {
    synchronized (clock) {
      failNext.put(api, times);
    }
  }

  void throttleEvery(String api, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("throttleEvery needs k >= 1, not " + k);
    }
    synchronized (clock) {
      failEvery.put(api, k);
    }
  }

  Map<String, Integer> calls() {
    synchronized (clock) {
      return Map.copyOf(calls);
    }
  }

  int total() {
    synchronized (clock) {
      return total;
    }
  }

  private void count(String api) {
    int n = calls.merge(api, 1, Integer::sum);
    total++;
    if (takeOne(api) || takeOne(ANY) || every(api, n) || every(ANY, total)) {
      throw CloudException.throttling("Rate exceeded");
    }
  }

  private boolean takeOne(String key) {
    Integer left = failNext.get(key);
    if (left == null || left <= 0) {
      return false;
    }
    failNext.put(key, left - 1);
    return true;
  }

  private boolean every(String key, int n) {
    Integer k = failEvery.get(key);
    return k != null && n % k == 0;
  }
}
