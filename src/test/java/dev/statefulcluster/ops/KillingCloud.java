package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.TemplateStore;
import dev.statefulcluster.cloud.Ticker;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Predicate;

/**
 * The tool killed mid-operation: the n-th call matching a predicate never returns (it throws
 * {@link Killed}), while the in-memory AWS behind it carries on as AWS would.
 */
final class KillingCloud implements Cloud {
  static final class Killed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Killed(String at) {
      super("killed at " + at);
    }
  }

  private final Cloud inner;
  private final Predicate<String> counts;
  private int left;

  KillingCloud(Cloud inner, Predicate<String> counts, int nth) {
    this.inner = inner;
    this.counts = counts;
    this.left = nth;
  }

  @Override
  public StackApi stacks() {
    return wrap(StackApi.class, inner.stacks());
  }

  @Override
  public Ec2Api ec2() {
    return wrap(Ec2Api.class, inner.ec2());
  }

  @Override
  public TemplateStore templates() {
    return wrap(TemplateStore.class, inner.templates());
  }

  @Override
  public Ticker ticker() {
    return inner.ticker();
  }

  private <T> T wrap(Class<T> type, T target) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          if (counts.test(method.getName()) && --left == 0) {
            throw new Killed(method.getName());
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
  }
}
