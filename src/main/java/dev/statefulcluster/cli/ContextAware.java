package dev.statefulcluster.cli;

/** A command that is handed the {@link Context} before it runs. */
interface ContextAware {
  void context(Context context);
}
