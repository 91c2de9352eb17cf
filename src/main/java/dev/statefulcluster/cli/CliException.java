package dev.statefulcluster.cli;

/** A failure to report as one message and an exit code (see {@link ExitCode}). */
public class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
