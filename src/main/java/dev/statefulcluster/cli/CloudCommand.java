package dev.statefulcluster.cli;

import dev.statefulcluster.ops.core.Polling;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.ops.core.ResilientCloud;
import picocli.CommandLine.Mixin;

/** What every command that talks to AWS shares: AWS options, the cloud, progress output. */
abstract class CloudCommand implements ContextAware, AwsSession.User {
  @Mixin AwsOptions aws;
  @Mixin CommonOptions common;

  Context context;
  private AwsSession session;

  @Override
  public void context(Context context) {
    this.context = context;
  }

  /** The cloud, retrying throttled calls and counting them; connected on first use. */
  ResilientCloud cloud() {
    if (session == null) {
      session = new AwsSession(context, aws);
    }
    return session.cloud();
  }

  @Override
  public AwsSession session() {
    return session;
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

  /**
   * The number of AWS calls made, now rather than when the command ends (see {@link
   * AwsSession#reportCalls}).
   */
  void reportCalls() {
    if (session != null) {
      session.reportCalls();
    }
  }
}
