package dev.statefulcluster.template;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** A file cfn-init writes. {@code content} is a string or an intrinsic function that yields one. */
public record InitFile(
    String path, Object content, boolean base64, String mode, String owner, String group) {
  private static final Pattern PATH = Pattern.compile("^(/[A-Za-z0-9._-]+)+$");
  private static final Pattern MODE = Pattern.compile("^[0-7]{6}$");
  private static final String DEFAULT_MODE = "000644";

  public InitFile {
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("not an absolute file path: " + path);
    }
    if (!MODE.matcher(mode).matches()) {
      throw new IllegalArgumentException("cfn-init modes are six octal digits, not " + mode);
    }
    content = Plain.value(content, path);
  }

  /** A root-owned file. */
  public static InitFile ofString(String path, Object content, String mode) {
    return new InitFile(path, content, false, mode, "root", "root");
  }

  /** A root-owned file whose bytes cfn-init decodes from {@code base64}. */
  public static InitFile ofBase64(String path, Object base64, String mode) {
    return new InitFile(path, base64, true, mode, "root", "root");
  }

  Map<String, Object> render() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("content", content);
    if (base64) {
      out.put("encoding", "base64");
    }
    // cfn-init's defaults (mode 000644; owner and group: cfn-init's own, root) are left out: a
    // cluster's NodeConfig writes eight files.
    if (!mode.equals(DEFAULT_MODE)) {
      out.put("mode", mode);
    }
    if (!owner.equals("root")) {
      out.put("owner", owner);
    }
    if (!group.equals("root")) {
      out.put("group", group);
    }
    return out;
  }
}
