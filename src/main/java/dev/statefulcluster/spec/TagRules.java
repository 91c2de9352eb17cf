package dev.statefulcluster.spec;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * AWS's rules for a tag the user gives (in a cluster file's {@code tags}, or on the command line):
 * keys of 1–128 characters, values of up to 256, letters, digits, spaces and {@code _.:/=+-@}; no
 * {@code aws:} prefix; none of the keys stateful-cluster sets itself.
 */
public final class TagRules {
  static final String RESERVED_PREFIX = "stateful-cluster:";
  private static final Pattern CHARS = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$");

  private TagRules() {}

  /** Why {@code key} cannot be a user's tag key, or null when it can. */
  public static String keyProblem(String key) {
    if (key.isEmpty() || key.length() > 128 || !CHARS.matcher(key).matches()) {
      return "tag keys are 1-128 letters, digits, spaces and _.:/=+-@";
    }
    if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
      return "tag keys starting with aws: are reserved by AWS";
    }
    if (key.startsWith(RESERVED_PREFIX) || key.equals("Name")) {
      return "'" + key + "' is set by stateful-cluster itself; choose another key";
    }
    return null;
  }

  /** Why {@code value} cannot be a tag's value, or null when it can. */
  public static String valueProblem(String value) {
    return value.length() > 256 || !CHARS.matcher(value).matches()
        ? "tag values are up to 256 letters, digits, spaces and _.:/=+-@"
        : null;
  }
}
