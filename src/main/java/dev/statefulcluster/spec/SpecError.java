package dev.statefulcluster.spec;

/**
 * One problem in a cluster file: where (file, line, field path such as {@code nodes[2].subnet}) and
 * what to do about it. Printed the way compilers print errors, so editors can jump to it.
 */
public record SpecError(String file, int line, String path, String message) {

  /** One line, every control character from the file or the command line escaped. */
  @Override
  public String toString() {
    String where = line > 0 ? file + ":" + line : file;
    return Visible.line(
        path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message);
  }
}
