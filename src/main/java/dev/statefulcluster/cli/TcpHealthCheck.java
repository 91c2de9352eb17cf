package dev.statefulcluster.cli;

import dev.statefulcluster.ops.core.HealthCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Healthy when the node accepts a TCP connection on the port. */
final class TcpHealthCheck implements HealthCheck {
  private final int port;

  TcpHealthCheck(int port) {
    if (port < 1 || port > 65_535) {
      throw new CliException(ExitCode.USAGE, "--tcp: " + port + " is not a port (1-65535)");
    }
    this.port = port;
  }

  @Override
  public String describe() {
    return "tcp " + port;
  }

  @Override
  public boolean probe(String nodeName, String privateIp) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(privateIp, port), 5_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
