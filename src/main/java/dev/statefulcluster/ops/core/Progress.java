package dev.statefulcluster.ops.core;

/**
 * Where operations report what they do, one line at a time: the CLI prints to the terminal, tests
 * keep the lines.
 */
public interface Progress {
  public void line(String text);

  default void line(String format, Object... args) {
    line(String.format(format, args));
  }

  public static Progress silent() {
    return text -> {};
  }
}
