package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.TemplateStore;
import dev.statefulcluster.cloud.Ticker;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Something happening while the tool works: before the n-th call matching a predicate, {@code
 * event} runs with the call's name (an AMI deregistered by someone else, say; or the tool killed,
 * see {@link KillingCloud}), then the call goes to the in-memory AWS as usual.
 */
class CallHook implements Cloud {
  private final Cloud inner;
  private final Predicate<String> counts;
  private final Consumer<String> event;
  private int left;

  CallHook(Cloud inner, Predicate<String> counts, int nth, Runnable event) {
    this(inner, counts, nth, api -> event.run());
  }

  CallHook(Cloud inner, Predicate<String> counts, int nth, Consumer<String> event) {
    this.inner = inner;
    this.counts = counts;
    this.left = nth;
    this.event = event;
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
            event.accept(method.getName());
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
  }
}
