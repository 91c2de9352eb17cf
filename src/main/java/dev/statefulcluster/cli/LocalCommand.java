package dev.statefulcluster.cli;

/** A command that works on local files only and prints to the context's output. */
abstract class LocalCommand implements ContextAware {
  Context context;

  @Override
  public void context(Context context) {
    this.context = context;
  }
}
