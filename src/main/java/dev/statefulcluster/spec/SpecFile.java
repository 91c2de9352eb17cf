package dev.statefulcluster.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a cluster file's text: at most {@link YamlSource#MAX_CHARS} bytes, so that /dev/zero or a
 * huge file named by mistake costs a moment, not the heap; strict UTF-8, so that a file saved in
 * another encoding is named as such at its line rather than read as something else.
 */
final class SpecFile {
  private SpecFile() {}

  static String text(Path file) {
    String name = file.toString();
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw fail(name, 0, "is a directory; name the cluster file (YAML) itself");
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(YamlSource.MAX_CHARS + 1);
      }
    } catch (NoSuchFileException e) {
      throw fail(name, 0, "no such file");
    } catch (AccessDeniedException e) {
      throw fail(name, 0, "cannot be read: permission denied");
    } catch (FileSystemException e) {
      // The message repeats the path; the reason alone says what is wrong with it.
      throw fail(
          name,
          0,
          "cannot be read: " + (e.getReason() != null ? e.getReason() : "file system error"));
    } catch (IOException e) {
      throw fail(name, 0, "cannot be read: " + e.getMessage());
    }
    if (bytes.length > YamlSource.MAX_CHARS) {
      throw fail(name, 0, YamlSource.tooLarge());
    }
    return decode(name, bytes);
  }

  private static String decode(String name, byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int at = in.position();
      int line = 1;
      int lineStart = 0;
      // Lines end at LF, CR or CR LF, as YAML's do: a file saved with CR alone is one line to a
      // count of LFs.
      for (int i = 0; i < at; i++) {
        if (bytes[i] == '\n' || bytes[i] == '\r') {
          if (bytes[i] == '\r' && i + 1 < at && bytes[i + 1] == '\n') {
            i++;
          }
          line++;
          lineStart = i + 1;
        }
      }
      throw fail(
          name,
          line,
          String.format(
              "is not UTF-8 text: byte 0x%02X in column %d is not"
                  + " UTF-8 (saved as Latin-1 or Windows-1252?); save the file as UTF-8",
              bytes[at] & 0xFF, at - lineStart + 1));
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    // A byte order mark some editors write is not part of the YAML.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static SpecException fail(String file, int line, String message) {
    return new SpecException(List.of(new SpecError(file, line, "", message)));
  }
}
