package dev.statefulcluster.ops;

/**
 * An operation that stopped: refused before changing anything ({@link Kind#REFUSED}), given what
 * cannot work, such as an AMI that does not exist ({@link Kind#INVALID}, nothing changed either),
 * failed while CloudFormation worked ({@link Kind#FAILED}), or found no cluster ({@link
 * Kind#NOT_FOUND}). The message is the one line a user needs.
 */
public class OpsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    REFUSED,
    INVALID,
    FAILED,
    NOT_FOUND
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

  public static OpsException invalid(String message) {
    return new OpsException(Kind.INVALID, message);
  }

  public static OpsException failed(String message) {
    return new OpsException(Kind.FAILED, message);
  }

  public static OpsException notFound(String stackName) {
    return new OpsException(Kind.NOT_FOUND, "no cluster named " + stackName + " (no such"
        + " CloudFormation stack in this account and region)");
  }
}
