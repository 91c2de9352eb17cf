package dev.statefulcluster.template;

import java.util.LinkedHashMap;
import java.util.Map;

/** A stack output; {@code condition} null when unconditional, {@code description} when none. */
public record Output(String description, Object value, String condition) {
  public Output {
    value = Plain.value(value, "Output");
  }

  public static Output of(String description, Object value) {
    return new Output(description, value, null);
  }

  Map<String, Object> render() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (condition != null) {
      out.put("Condition", condition);
    }
    if (description != null) {
      out.put("Description", description);
    }
    out.put("Value", value);
    return out;
  }
}
