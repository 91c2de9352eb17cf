package dev.statefulcluster.cloud;

/** CloudFormation stack states, with the questions the operations ask of them. */
public enum StackStatus {
  REVIEW_IN_PROGRESS,
  CREATE_IN_PROGRESS,
  CREATE_FAILED,
  CREATE_COMPLETE,
  ROLLBACK_IN_PROGRESS,
  ROLLBACK_FAILED,
  ROLLBACK_COMPLETE,
  DELETE_IN_PROGRESS,
  DELETE_FAILED,
  DELETE_COMPLETE,
  UPDATE_IN_PROGRESS,
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS,
  UPDATE_COMPLETE,
  UPDATE_FAILED,
  UPDATE_ROLLBACK_IN_PROGRESS,
  UPDATE_ROLLBACK_FAILED,
  UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS,
  UPDATE_ROLLBACK_COMPLETE,
  IMPORT_IN_PROGRESS,
  IMPORT_COMPLETE,
  IMPORT_ROLLBACK_IN_PROGRESS,
  IMPORT_ROLLBACK_FAILED,
  IMPORT_ROLLBACK_COMPLETE;

  /** CloudFormation is still working; no new operation may start. */
  public boolean inProgress() {
    return name().endsWith("_IN_PROGRESS");
  }

  /** The last operation finished as asked. */
  public boolean succeeded() {
    return this == CREATE_COMPLETE || this == UPDATE_COMPLETE || this == IMPORT_COMPLETE;
  }

  /** The last operation failed; the stack went, or tried to go, back to where it was. */
  public boolean failed() {
    return !inProgress() && !succeeded() && this != DELETE_COMPLETE;
  }

  /** The stack can take an update (a change set of type UPDATE). */
  public boolean updatable() {
    return this == CREATE_COMPLETE
        || this == UPDATE_COMPLETE
        || this == UPDATE_ROLLBACK_COMPLETE
        || this == IMPORT_COMPLETE
        || this == IMPORT_ROLLBACK_COMPLETE;
  }

  /** Parses a status as AWS spells it; unknown values are an error, not a guess. */
  public static StackStatus of(String value) {
    return valueOf(value);
  }
}
