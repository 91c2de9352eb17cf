package dev.statefulcluster.spec;

import java.util.Map;

/**
 * Where each field of a cluster file was written, so that checks made later (by synth, or by deploy
 * against what exists in AWS) can still point at a line.
 */
public record SourceMap(String file, Map<String, Integer> lines) {
  public SourceMap {
    lines = Map.copyOf(lines);
  }

  public static SourceMap none(String file) {
    return new SourceMap(file, Map.of());
  }

  /** The line of {@code path}, or of its nearest written parent, or of the document. */
  public int lineOf(String path) {
    String p = path;
    while (!p.isEmpty()) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
    return lines.getOrDefault("", 0);
  }

  public SpecError error(String path, String message) {
    return new SpecError(file, lineOf(path), path, message);
  }
}
