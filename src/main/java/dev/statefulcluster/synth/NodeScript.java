package dev.statefulcluster.synth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
   * inline. The node unpacks exactly {@link #shipped()}. Java's gzip header has no time stamp, so
   * the same script always gives the same bytes, so it is made once per process: a cluster over
   * nested stacks carries it in every nodes stack (25 of them for 1,000 nodes).
   */
  public static synchronized String gzipBase64() {
    if (gzipBase64 == null) {
      gzipBase64 = gzip(shipped());
    }
    return gzipBase64;
  }

  private static String gzipBase64;

  private static String gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(bytes) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /**
   * The script as nodes get it: {@link #text()} without its comment lines, blank lines and
   * indentation (a quarter of the template's bytes for the script), which the shell never reads.
   * Lines inside a here-document or a quoted string spanning lines are kept as they are; the first
   * line ({@code #!/bin/sh}) too.
   */
  public static String shipped() {
    String[] lines = text().split("\n", -1);
    StringBuilder out = new StringBuilder(lines[0]).append('\n');
    String heredoc = null;
    char quote = 0;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (heredoc != null) {
        out.append(line).append('\n');
        if (line.equals(heredoc)) {
          heredoc = null;
        }
        continue;
      }
      String trimmed = line.strip();
      if (quote == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      // Indentation outside a quoted string is the shell's to skip, unless the line continues the
      // one before it.
      boolean continued = i > 1 && lines[i - 1].endsWith("\\");
      out.append(quote == 0 && !continued ? line.stripLeading() : line).append('\n');
      quote = quoteOpenAfter(line, quote);
      // Only a line with "<<" can open a here-document: the others skip the regex, which a cold
      // JVM runs slowly (this loop runs once per synth, over every line of the script).
      if (quote == 0 && line.contains("<<")) {
        Matcher m = HEREDOC.matcher(line);
        if (m.find()) {
          heredoc = m.group(1);
        }
      }
    }
    // split() left one empty string after the final newline, which the loop skipped.
    return out.toString();
  }

  private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*'?([A-Za-z_]+)'?");

  /** The quote still open at the end of {@code line}, given the one open at its start (0: none). */
  private static char quoteOpenAfter(String line, char open) {
    char quote = open;
    for (int j = 0; j < line.length(); j++) {
      char c = line.charAt(j);
      if (quote == 0) {
        if (c == '#' && (j == 0 || line.charAt(j - 1) == ' ' || line.charAt(j - 1) == '\t')) {
          break;
        }
        if (c == '\\') {
          j++;
        } else if (c == '"' || c == '\'') {
          quote = c;
        }
      } else if (quote == '"') {
        if (c == '\\') {
          j++;
        } else if (c == '"') {
          quote = 0;
        }
      } else if (c == '\'') {
        quote = 0;
      }
    }
    return quote;
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
