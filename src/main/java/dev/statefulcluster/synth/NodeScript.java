package dev.statefulcluster.synth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The script each node runs on its data volume ({@code stateful-node prepare | grow |
 * wait-healthy}), shipped as a resource beside this class. The template installs it as {@code
 * /usr/local/sbin/stateful-node}; {@code stateful-cluster node-script} prints it. Its interface is
 * documented in its header and in {@code docs/node-script.md}.
 */
public final class NodeScript {

  /** Where cfn-init installs the script on a node. */
  public static final String INSTALL_PATH = "/usr/local/sbin/stateful-node";

  static final String RESOURCE = "stateful-node.sh";

  private NodeScript() {}

  /** The script's text. */
  public static String text() {
    try (InputStream in = NodeScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + RESOURCE + " is missing beside " + NodeScript.class.getName()
                + "; the build did not package src/main/resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
    }
  }
}
