package dev.statefulcluster.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the problems of one file so that a user sees all of them in one run, up to {@link
 * SpecException#SHOWN} of them: a file of a megabyte can hold hundreds of thousands of one mistake
 * (an alias, a repeated key), whose full report would be tens of megabytes. The first by line are
 * kept, and how many there are in all.
 */
public final class Problems {
  private final String file;
  private final List<SpecError> errors = new ArrayList<>();
  private int total;

  public Problems(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  public void add(int line, String path, String message) {
    total++;
    errors.add(new SpecError(file, line, path, message));
    if (errors.size() >= 2 * SpecException.SHOWN) {
      keepFirst();
    }
  }

  public boolean isEmpty() {
    return total == 0;
  }

  /** Throws every collected problem, sorted by line (the first shown), if there is any. */
  public void throwIfAny() {
    if (total > 0) {
      keepFirst();
      throw new SpecException(errors, total);
    }
  }

  /** The shown number of errors, first by line; the sort is stable, so a line keeps its order. */
  private void keepFirst() {
    errors.sort(Comparator.comparingInt(SpecError::line));
    if (errors.size() > SpecException.SHOWN) {
      errors.subList(SpecException.SHOWN, errors.size()).clear();
    }
  }
}
