package dev.statefulcluster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.cloud.Ec2Api;
import dev.statefulcluster.cloud.IdentityApi;
import dev.statefulcluster.cloud.StackApi;
import dev.statefulcluster.cloud.TemplateStore;
import dev.statefulcluster.cloud.Ticker;
import dev.statefulcluster.ops.core.OpsException;
import dev.statefulcluster.ops.stack.ChangeSets;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A change set CloudFormation never finishes working out does not hang the command. */
class ChangeSetDeadlineTest {
  final SimWorld world = new SimWorld();

  /** CloudFormation answering CREATE_IN_PROGRESS for every change set, for ever. */
  final class StuckChangeSets implements Cloud {
    @Override
    public StackApi stacks() {
      StackApi target = world.sim.stacks();
      return (StackApi)
          Proxy.newProxyInstance(
              StackApi.class.getClassLoader(),
              new Class<?>[] {StackApi.class},
              (proxy, method, args) -> {
                try {
                  Object result = method.invoke(target, args);
                  if (result instanceof ChangeSet cs) {
                    return new ChangeSet(
                        cs.id(),
                        cs.name(),
                        cs.stackName(),
                        "CREATE_IN_PROGRESS",
                        null,
                        "UNAVAILABLE",
                        cs.parameters(),
                        cs.changes());
                  }
                  return result;
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public Ec2Api ec2() {
      return world.sim.ec2();
    }

    @Override
    public TemplateStore templates() {
      return world.sim.templates();
    }

    @Override
    public IdentityApi identity() {
      return world.sim.identity();
    }

    @Override
    public String region() {
      return world.sim.region();
    }

    @Override
    public Ticker ticker() {
      return world.sim.ticker();
    }
  }

  @Test
  void aChangeSetStillPendingAfterTheLimitFailsTheCommand() {
    Instant start = world.sim.ticker().now();

    Throwable t =
        catchThrowable(
            () ->
                new Deployer(new StuckChangeSets(), world.polling, world.progress)
                    .plan(SimWorld.spec(SimWorld.counted("stuck", 3, "")), Deployer.Options.NONE));

    assertThat(t)
        .isInstanceOf(OpsException.class)
        .hasMessageMatching(
            "CloudFormation has not"
                + " worked out change set stateful-cluster-\\S+ of stuck after 30 min; nothing was"
                + " changed: run the command again");
    assertThat(Duration.between(start, world.sim.ticker().now()))
        .isBetween(ChangeSets.LIMIT, ChangeSets.LIMIT.plusMinutes(1));
  }
}
