package dev.statefulcluster.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A cluster file with problems: all of them, in file order. */
public class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<SpecError> errors;

  public SpecException(List<SpecError> errors) {
    super(errors.stream().map(SpecError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<SpecError> errors() {
    return errors;
  }
}
