package dev.statefulcluster.testing;

import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.IdentityApi;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.TemplateStore;
import dev.statefulcluster.cloud.Ticker;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A {@link Cloud} whose every call to AWS is seen first: something happens in the world before it
 * (an AMI deregistered by someone else), or the tool dies there (a kill at the n-th call). The
 * in-memory AWS behind it carries on as AWS would.
 */
public class InterceptedCloud implements Cloud {
  /** Told before each call, with its method name and its number (1 for the first call). */
  public interface BeforeCall {
    void before(String api, int call);
  }

  private final Cloud inner;
  private final BeforeCall before;
  private int calls;

  public InterceptedCloud(Cloud inner, BeforeCall before) {
    this.inner = inner;
    this.before = before;
  }

  /** {@code event} runs before the {@code nth} call matching {@code counts}, and only then. */
  public static BeforeCall atCall(Predicate<String> counts, int nth, Consumer<String> event) {
    int[] left = {nth};
    return (api, call) -> {
      if (counts.test(api) && --left[0] == 0) {
        event.accept(api);
      }
    };
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
  public IdentityApi identity() {
    return wrap(IdentityApi.class, inner.identity());
  }

  @Override
  public Ticker ticker() {
    return inner.ticker();
  }

  @Override
  public String region() {
    return inner.region();
  }

  private <T> T wrap(Class<T> type, T target) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() != Object.class) {
                before.before(method.getName(), ++calls);
              }
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }
}
