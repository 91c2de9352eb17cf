package dev.statefulcluster.cloud;

/** A stack parameter given to a change set: a value, or "keep the value the stack has". */
public record Parameter(String key, String value, boolean usePreviousValue) {

  public static Parameter of(String key, String value) {
    return new Parameter(key, value, false);
  }

  public static Parameter previous(String key) {
    return new Parameter(key, null, true);
  }
}
