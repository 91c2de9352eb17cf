package dev.statefulcluster.cli;

import dev.statefulcluster.ops.core.ResilientCloud;

/**
 * One command's connection to AWS: made on first use, retrying throttled calls and counting every
 * call, so that each command that talked to AWS can say how many calls it made.
 */
final class AwsSession {
  private final Context context;
  private final AwsOptions options;
  private ResilientCloud cloud;
  private boolean reported;

  AwsSession(Context context, AwsOptions options) {
    this.context = context;
    this.options = options;
  }

  ResilientCloud cloud() {
    if (cloud == null) {
      cloud = new ResilientCloud(context.connector().connect(options));
    }
    return cloud;
  }

  /**
   * One line on stderr with the number of AWS calls made, for whoever watches their cost; once, and
   * only when AWS was reached. Main asks for it after every command, failed ones too, before the
   * error line, so that the error stays the last line.
   */
  void reportCalls() {
    if (cloud == null || reported) {
      return;
    }
    reported = true;
    int calls = cloud.totalCalls();
    context
        .err()
        .printf(
            "(%d AWS API call%s%s)%n",
            calls,
            calls == 1 ? "" : "s",
            cloud.retries() == 0 ? "" : ", " + cloud.retries() + " retried after throttling");
    context.err().flush();
  }

  /** A command that may talk to AWS. */
  interface User {
    /** Null when the command never connected. */
    AwsSession session();
  }
}
