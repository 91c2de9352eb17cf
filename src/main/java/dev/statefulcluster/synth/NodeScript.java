package dev.statefulcluster.synth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The node script (stateful-node.sh, beside this class): finds the node's data volume by its id,
 * formats it only when blank, grows it, mounts it. The template installs it on every node; {@code
 * stateful-cluster node-script} prints it.
 */
public final class NodeScript {
  static final String RESOURCE = "stateful-node.sh";
  /** Where the template installs it on the node. */
  public static final String INSTALLED_PATH = "/usr/local/sbin/stateful-node";

  private NodeScript() {}

  public static String text() {
    try (InputStream in = NodeScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
