package dev.statefulcluster.ops.core;

/**
 * An operation that stopped: refused before changing anything ({@link Kind#REFUSED}), failed while
 * CloudFormation worked ({@link Kind#FAILED}), found no cluster ({@link Kind#NOT_FOUND}), was given
 * an option value that cannot be right ({@link Kind#BAD_OPTION}) or one naming what does not exist
 * in AWS or cannot be used, such as an AMI that cannot boot a node ({@link Kind#INVALID}); nothing
 * was changed either. The message is the one line a user needs.
 */
public class OpsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    /** The change would lose data or break a rule; nothing was changed. */
    REFUSED,
    FAILED,
    NOT_FOUND,
    /** A command-line value that is wrong for this cluster (grow --nodes 9 of 3). */
    BAD_OPTION,
    /** An option names what does not exist in AWS or cannot be used as it is. */
    INVALID
  }

  private final Kind kind;

  public OpsException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static OpsException refused(String message) {
    return new OpsException(Kind.REFUSED, message);
  }

  public static OpsException badOption(String message) {
    return new OpsException(Kind.BAD_OPTION, message);
  }

  public static OpsException invalid(String message) {
    return new OpsException(Kind.INVALID, message);
  }

  public static OpsException failed(String message) {
    return new OpsException(Kind.FAILED, message);
  }

  public static OpsException notFound(String stackName) {
    return new OpsException(
        Kind.NOT_FOUND,
        "no cluster named "
            + stackName
            + " (no such"
            + " CloudFormation stack in this account and region)");
  }
}
