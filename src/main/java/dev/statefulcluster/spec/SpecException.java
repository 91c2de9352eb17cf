package dev.statefulcluster.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A cluster file with problems, in file order: all of them, or when there are more than {@link
 * #SHOWN} the first ones and how many there are ({@link #total}).
 */
public class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The most problems one report lists; the rest are counted. */
  public static final int SHOWN = 20;

  private final transient List<SpecError> errors;
  private final int total;

  public SpecException(List<SpecError> errors) {
    this(errors, errors.size());
  }

  /** {@code errors}: the first of {@code total} problems, at most {@link #SHOWN} of them kept. */
  public SpecException(List<SpecError> errors, int total) {
    super(first(errors).stream().map(SpecError::toString).collect(Collectors.joining("\n")));
    this.errors = first(errors);
    this.total = Math.max(total, this.errors.size());
  }

  private static List<SpecError> first(List<SpecError> errors) {
    return List.copyOf(errors.subList(0, Math.min(errors.size(), SHOWN)));
  }

  /** The problems reported, at most {@link #SHOWN}. */
  public List<SpecError> errors() {
    return errors;
  }

  /** How many problems the file has, counting those not kept. */
  public int total() {
    return total;
  }
}
