package dev.statefulcluster.cli;

/**
 * A command that works on local files and prints to the context's output; it talks to AWS only when
 * asked to (--lookup), through {@link #aws}.
 */
abstract class LocalCommand implements ContextAware, AwsSession.User {
  Context context;
  private AwsSession session;

  AwsSession aws(AwsOptions options) {
    if (session == null) {
      session = new AwsSession(context, options);
    }
    return session;
  }

  @Override
  public AwsSession session() {
    return session;
  }

  @Override
  public void context(Context context) {
    this.context = context;
  }
}
