package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.CloudException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The door every API call goes through: it counts the call, throttles it if a test asked for that,
 * and first runs the events due at the current virtual time, all under the model's lock.
 */
final class ApiGate {
  /** Matches every API in {@link #throttle} and {@link #throttleEvery}. */
  static final String ANY = "*";

  private final SimClock clock;
  private final Map<String, Integer> calls = new TreeMap<>();
  private final Map<String, Integer> failNext = new HashMap<>();
  private final Map<String, Integer> failEvery = new HashMap<>();

  /** 5xx faults: every k-th call of an API fails with InternalFailure, before taking effect. */
  private final Map<String, Integer> errorEvery = new HashMap<>();

  /** 5xx faults after the request took effect (its answer lost), for the next n calls. */
  private final Map<String, Integer> errorAfterNext = new HashMap<>();

  private int total;

  ApiGate(SimClock clock) {
    this.clock = clock;
  }

  <T> T call(String api, Supplier<T> body) {
    synchronized (clock) {
      count(api);
      clock.runDue();
      T result = body.get();
      if (takeOne(errorAfterNext, api) || takeOne(errorAfterNext, ANY)) {
        throw serverError(api);
      }
      return result;
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

  /** Every {@code k}-th call of {@code api} fails with a 5xx before taking effect. */
  void serverErrorEvery(String api, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("serverErrorEvery needs k >= 1, not " + k);
    }
    synchronized (clock) {
      errorEvery.put(api, k);
    }
  }

  /** The next {@code times} calls of {@code api} take effect, then answer with a 5xx. */
  void serverErrorAfterEffect(String api, int times) {
    synchronized (clock) {
      errorAfterNext.put(api, times);
    }
  }

  /** No more injected throttling or server errors. */
  void clearFaults() {
    synchronized (clock) {
      failNext.clear();
      failEvery.clear();
      errorEvery.clear();
      errorAfterNext.clear();
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
    if (every(errorEvery, api, n) || every(errorEvery, ANY, total)) {
      throw serverError(api);
    }
  }

  private static CloudException serverError(String api) {
    return new CloudException(
        "InternalFailure",
        api + ": We encountered an internal error." + " Please try again. (HTTP 500)",
        true);
  }

  private boolean takeOne(String key) {
    return takeOne(failNext, key);
  }

  private static boolean takeOne(Map<String, Integer> from, String key) {
    Integer left = from.get(key);
    if (left == null || left <= 0) {
      return false;
    }
    from.put(key, left - 1);
    return true;
  }

  private boolean every(String key, int n) {
    return every(failEvery, key, n);
  }

  private static boolean every(Map<String, Integer> from, String key, int n) {
    Integer k = from.get(key);
    return k != null && n % k == 0;
  }
}
