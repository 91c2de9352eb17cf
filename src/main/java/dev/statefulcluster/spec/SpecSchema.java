package dev.statefulcluster.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JSON Schema of a cluster file, for editors to complete and check it. */
public final class SpecSchema {
  private SpecSchema() {}

  public static String text() {
    try (InputStream in = SpecSchema.class.getResourceAsStream("cluster.schema.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
