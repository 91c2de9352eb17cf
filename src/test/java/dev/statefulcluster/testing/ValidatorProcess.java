package dev.statefulcluster.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running {@code validate.mjs}: a request line in, a response line out. Both output streams are
 * drained by daemon threads so a chatty child can never block on a full pipe, and so a read can
 * time out instead of hanging the build. Not thread-safe; {@link CfnValidator} serialises.
 */
final class ValidatorProcess implements AutoCloseable {

  private static final String END_OF_OUTPUT = "\u0000end-of-output";
  private static final int STDERR_LINES_KEPT = 40;

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final Thread stderrReader;

  private ValidatorProcess(Process process) {
    this.process = process;
    this.stdin = process.outputWriter(StandardCharsets.UTF_8);
    drain(process.getInputStream(), "stdout", stdout::add);
    this.stderrReader = drain(process.getErrorStream(), "stderr", this::keepStderr);
  }

  static ValidatorProcess start(List<String> command, Path workingDirectory) throws IOException {
    return new ValidatorProcess(
        new ProcessBuilder(command).directory(workingDirectory.toFile()).start());
  }

  /**
   * Sends one line and returns the next line the process writes.
   *
   * @throws IllegalStateException when the process ends or stays silent for {@code timeout}; the
   *     message carries the process's last stderr lines
   */
  String exchange(String requestLine, Duration timeout) {
    try {
      stdin.write(requestLine);
      stdin.write('\n');
      stdin.flush();
      String line = stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the validator gave no answer within "
                + timeout.toSeconds()
                + " s and was stopped"
                + stderrSuffix());
      }
      if (line.equals(END_OF_OUTPUT)) {
        throw new IllegalStateException(ended());
      }
      return line;
    } catch (IOException e) {
      throw new IllegalStateException(ended() + " (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the validator", e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Closing stdin lets the script free its engine and exit; it is killed if it lingers. */
  @Override
  public void close() {
    try {
      stdin.close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the process abruptly, as a crash would, and waits until it is gone. */
  void kill() {
    try {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String ended() {
    try {
      // The streams close a moment before the exit status is known and stderr is read.
      process.waitFor(5, TimeUnit.SECONDS);
      stderrReader.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String status =
        process.isAlive() ? "closed its output" : "exited with status " + process.exitValue();
    return "the validator process " + status + stderrSuffix();
  }

  private String stderrSuffix() {
    synchronized (stderrTail) {
      return stderrTail.isEmpty() ? "" : "; its stderr said:\n  " + String.join("\n  ", stderrTail);
    }
  }

  private void keepStderr(String line) {
    synchronized (stderrTail) {
      if (stderrTail.size() == STDERR_LINES_KEPT) {
        stderrTail.removeFirst();
      }
      stderrTail.addLast(line);
    }
  }

  private Thread drain(InputStream stream, String name, Consumer<String> sink) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  sink.accept(line);
                }
              } catch (IOException | UncheckedIOException e) {
                // The process went away; the END_OF_OUTPUT marker below tells the caller.
              } finally {
                if (name.equals("stdout")) {
                  stdout.add(END_OF_OUTPUT);
                }
              }
            },
            "cfn-validate-" + name);
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
