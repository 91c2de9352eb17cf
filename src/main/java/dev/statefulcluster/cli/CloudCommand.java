package dev.statefulcluster.cli;

import dev.statefulcluster.ops.Polling;
import dev.statefulcluster.ops.Progress;
import dev.statefulcluster.ops.ResilientCloud;
import picocli.CommandLine.Mixin;

/** What every command that talks to AWS shares: AWS options, the cloud, progress output. */
abstract class CloudCommand implements ContextAware {
  @Mixin AwsOptions aws;
  @Mixin CommonOptions common;

  Context context;
  private ResilientCloud cloud;

  @Override
  public void context(Context context) {
    this.context = context;
  }

  /** The cloud, retrying throttled calls and counting them; connected on first use. */
  ResilientCloud cloud() {
    if (cloud == null) {
      cloud = new ResilientCloud(context.connector().connect(aws));
    }
    return cloud;
  }

  Progress progress() {
    return text -> {
      context.out().println(text);
      context.out().flush();
    };
  }

  Polling polling() {
    return Polling.DEFAULT;
  }

  /** One line on stderr with the number of AWS calls made, for whoever watches their cost. */
  void reportCalls() {
    if (cloud != null) {
      context.err().printf("(%d AWS API calls%s)%n", cloud.totalCalls(),
          cloud.retries() == 0 ? "" : ", " + cloud.retries() + " retried after throttling");
    }
  }
}
