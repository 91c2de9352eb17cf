package dev.statefulcluster.synth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

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

  /**
   * The script gzipped and base64-encoded, as the template carries it: a third of the size, which
   * keeps clusters of a few nodes within CloudFormation's 51,200-byte limit for a template sent
   * inline. The node unpacks exactly {@link #text()}. Java's gzip header has no time stamp, so the
   * same script always gives the same bytes.
   */
  public static String gzipBase64() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(bytes) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      gz.write(text().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** The script's text. */
  public static String text() {
    try (InputStream in = NodeScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource "
                + RESOURCE
                + " is missing beside "
                + NodeScript.class.getName()
                + "; the build did not package src/main/resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
    }
  }
}
