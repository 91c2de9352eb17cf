package dev.statefulcluster.cli;

import picocli.CommandLine;

/** Creates commands through picocli's default factory and hands each one the context. */
final class ContextFactory implements CommandLine.IFactory {
  private final Context context;
  private final CommandLine.IFactory defaults = CommandLine.defaultFactory();

  ContextFactory(Context context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    K instance = defaults.create(cls);
    if (instance instanceof ContextAware aware) {
      aware.context(context);
    }
    return instance;
  }
}
