package dev.statefulcluster.ops;

import dev.statefulcluster.spec.SpecError;
import dev.statefulcluster.spec.SpecException;
import java.util.List;

/**
 * Changes in a cluster file that the deployed cluster refuses, because they would lose data or
 * break a rule (a node's subnet or pinned address, a smaller volume, a removed node): told in the
 * file's words, like its errors, but a refusal (exit 4), not a file to correct to go on.
 */
public final class RefusedChanges extends SpecException {
  private static final long serialVersionUID = 1L;

  public RefusedChanges(List<SpecError> errors) {
    super(errors);
  }
}
