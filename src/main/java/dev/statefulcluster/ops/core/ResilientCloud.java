package dev.statefulcluster.ops.core;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.IdentityApi;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.TemplateStore;
import dev.statefulcluster.cloud.Ticker;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Cloud} that retries throttled calls with exponential backoff (through the cloud's own
 * ticker, so the in-memory model's virtual clock applies) and counts every call by API name, so
 * that operations can report and tests can bound how many calls a command makes.
 */
public final class ResilientCloud implements Cloud {
  static final int MAX_ATTEMPTS = 8;
  public static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

  private final Cloud inner;
  private final Map<String, Integer> calls = new TreeMap<>();
  private int retries;
  private final StackApi stacks;
  private final Ec2Api ec2;
  private final TemplateStore templates;
  private final IdentityApi identity;

  public ResilientCloud(Cloud inner) {
    this.inner = inner;
    this.stacks = wrap(StackApi.class, inner.stacks());
    this.ec2 = new ChunkedEc2(wrap(Ec2Api.class, inner.ec2())); // each request retried alone
    this.templates = wrap(TemplateStore.class, inner.templates());
    this.identity = wrap(IdentityApi.class, inner.identity());
  }

  @Override
  public StackApi stacks() {
    return stacks;
  }

  @Override
  public Ec2Api ec2() {
    return ec2;
  }

  @Override
  public TemplateStore templates() {
    return templates;
  }

  @Override
  public IdentityApi identity() {
    return identity;
  }

  @Override
  public Ticker ticker() {
    return inner.ticker();
  }

  @Override
  public String region() {
    return inner.region();
  }

  /** Calls made so far, by method ("describeStack": 12…), including retried attempts. */
  public synchronized Map<String, Integer> calls() {
    return new TreeMap<>(calls);
  }

  public synchronized int totalCalls() {
    return calls.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Throttled calls that were tried again. */
  public synchronized int retries() {
    return retries;
  }

  private <T> T wrap(Class<T> type, T target) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(target, args);
          }
          Duration backoff = FIRST_BACKOFF;
          for (int attempt = 1; ; attempt++) {
            count(method.getName());
            try {
              return method.invoke(target, args);
            } catch (InvocationTargetException e) {
              Throwable cause = e.getCause();
              // Throttling only: server errors and broken connections were already tried again
              // below (the SDK's retries); trying each of those again here would multiply them.
              if (!(cause instanceof CloudException ce)
                  || !ce.isThrottling()
                  || attempt >= MAX_ATTEMPTS) {
                throw cause;
              }
              synchronized (this) {
                retries++;
              }
              inner.ticker().sleep(backoff);
              backoff =
                  backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                      ? MAX_BACKOFF
                      : backoff.multipliedBy(2);
            }
          }
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private synchronized void count(String name) {
    calls.merge(name, 1, Integer::sum);
  }
}
