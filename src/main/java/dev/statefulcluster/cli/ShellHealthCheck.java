package dev.statefulcluster.cli;

import dev.statefulcluster.ops.core.HealthCheck;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A health check the user writes as a shell command. Node name and address reach it as environment
 * variables, never spliced into the command text.
 */
final class ShellHealthCheck implements HealthCheck {
  private final String command;

  ShellHealthCheck(String command) {
    this.command = command;
  }

  @Override
  public String describe() {
    return "the health check '" + command + "'";
  }

  @Override
  public boolean probe(String nodeName, String privateIp) throws InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("NODE_NAME", nodeName);
    pb.environment().put("NODE_IP", privateIp == null ? "" : privateIp);
    try {
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
