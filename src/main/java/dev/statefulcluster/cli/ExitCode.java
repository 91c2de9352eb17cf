package dev.statefulcluster.cli;

/** The exit codes of stateful-cluster, as the README documents them. */
public final class ExitCode {
  private ExitCode() {}

  /** Done. */
  public static final int OK = 0;

  /** The operation ran and failed (a stack update failed and rolled back, a node is unhealthy). */
  public static final int FAILED = 1;

  /**
   * The command line is wrong: unknown options, malformed values, or values wrong for the cluster
   * (a node it does not have).
   */
  public static final int USAGE = 2;

  /**
   * The cluster file has errors, or it or an option names what does not exist in AWS or cannot be
   * used (a subnet, an AMI, a snapshot or snapshot set).
   */
  public static final int INVALID_SPEC = 3;

  /**
   * Refused: the change would lose data or break a rule (found in the file or in the change set);
   * nothing was changed.
   */
  public static final int REFUSED = 4;

  /** AWS could not be reached or refused the credentials or the call. */
  public static final int AWS = 5;

  /** The cluster (stack) does not exist. */
  public static final int NOT_FOUND = 6;

  /** Interrupted; CloudFormation goes on, and running the command again picks up from there. */
  public static final int INTERRUPTED = 130;
}
