package dev.statefulcluster.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one file so that a user sees all of them in one run. */
public final class Problems {
  private final String file;
  private final List<SpecError> errors = new ArrayList<>();

  public Problems(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  public void add(int line, String path, String message) {
    errors.add(new SpecError(file, line, path, message));
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws every collected problem, sorted by line, if there is any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      List<SpecError> sorted = new ArrayList<>(errors);
      sorted.sort(Comparator.comparingInt(SpecError::line));
      throw new SpecException(sorted);
    }
  }
}
