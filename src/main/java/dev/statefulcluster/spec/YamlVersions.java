package dev.statefulcluster.spec;

import dev.statefulcluster.spec.SourceNode.Scalar;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plain scalars that YAML 1.1 (this tool's parser, PyYAML, CloudFormation's own YAML) and YAML
 * 1.2 (yq, most editors' schema checks) read differently: {@code yes}, {@code on}, {@code No} are
 * booleans to one and text to the other, {@code 0100} is 64 to one and 100 to the other, {@code
 * 1_000} and {@code 0b1010} are numbers to one and text to the other. A cluster file holding one
 * means two things, so each is refused with both readings; the tool never picks one.
 */
final class YamlVersions {
  /** The booleans of YAML 1.2's core schema, which YAML 1.1 reads alike. */
  private static final Set<String> BOOLEANS =
      Set.of("true", "True", "TRUE", "false", "False", "FALSE");

  /** Whole numbers as every reader writes them back: no sign but minus, no leading zero. */
  private static final Pattern DECIMAL = Pattern.compile("0|-?[1-9][0-9]*");

  private static final Pattern LEADING_ZERO = Pattern.compile("[-+]?0[0-9]+");

  /** The plain scalars YAML 1.1 or 1.2 reads as a boolean or null. */
  private static final Pattern NOT_TEXT =
      Pattern.compile(
          "yes|Yes|YES|no|No|NO|True|TRUE|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL");

  /** The plain scalars either version reads as a number (with 1.1's 0b, 0x, _, and 1:30). */
  private static final Pattern NUMBER =
      Pattern.compile(
          "[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o[0-7]+|[0-9][0-9_]*(:[0-5]?[0-9])*(\\.[0-9_]*)?"
              + "([eE][-+]?[0-9]+)?|\\.[0-9]+([eE][-+]?[0-9]+)?|\\.(inf|Inf|INF))|\\.(nan|NaN|NAN)");

  private YamlVersions() {}

  /**
   * For a key written without quotes where the text is meant (a tag's): why it is refused, or null.
   * The parser hands a key over as its text whatever it is, while a YAML reader makes {@code yes:}
   * a boolean key and {@code 0100:} the number 64 or 100; the plain decimal number and true and
   * false read back as written.
   */
  static String plainKeyProblem(String key) {
    if (key.equals("true") || key.equals("false") || DECIMAL.matcher(key).matches()) {
      return null;
    }
    if (NOT_TEXT.matcher(key).matches() || NUMBER.matcher(key).matches()) {
      return "'"
          + key
          + "' as a plain key is not text to every YAML reader (a boolean, a number or null, by"
          + " version); quote it (\""
          + key
          + "\") for the text";
    }
    return null;
  }

  /** For a true/false field: why this BOOLEAN scalar is refused, or null when it is not. */
  static String booleanProblem(Scalar s) {
    return BOOLEANS.contains(s.text()) ? null : split(s) + "; write true or false";
  }

  /** For a whole-number field: why this INTEGER scalar is refused, or null when it is not. */
  static String integerProblem(Scalar s) {
    if (DECIMAL.matcher(s.text()).matches()) {
      return null;
    }
    return LEADING_ZERO.matcher(s.text()).matches()
        ? split(s) + "; write the number you mean without it"
        : split(s) + "; write " + s.value();
  }

  /**
   * For a text field that also takes a plain number or boolean (a tag's value): why this scalar is
   * refused, or null when its text is what every reader makes of it.
   */
  static String textProblem(Scalar s) {
    String quote = "; quote it (\"" + s.text() + "\") for the text";
    return switch (s.kind()) {
      case STRING, NULL -> null;
      case BOOLEAN -> {
        if (s.text().equals("true") || s.text().equals("false")) {
          yield null;
        }
        yield BOOLEANS.contains(s.text())
            ? "'" + s.text() + "' is the boolean " + s.value() + " to YAML, not text" + quote
            : split(s) + quote;
      }
      case INTEGER -> DECIMAL.matcher(s.text()).matches() ? null : split(s) + quote;
      case DECIMAL -> s.text() + " is a number to YAML, not text" + quote;
    };
  }

  /** Both readings of a BOOLEAN or INTEGER scalar that is not in the forms they share. */
  private static String split(Scalar s) {
    if (s.kind() == Scalar.Kind.BOOLEAN) {
      return "'"
          + s.text()
          + "' means "
          + s.value()
          + " to YAML 1.1 and is the text '"
          + s.text()
          + "' to YAML 1.2";
    }
    if (LEADING_ZERO.matcher(s.text()).matches()) {
      return s.text()
          + " has a leading zero: YAML 1.1 reads it as the octal number "
          + s.value()
          + ", YAML 1.2 as "
          + new BigInteger(s.text());
    }
    return s.text()
        + " is not a plain decimal number, and YAML readers differ on such forms (YAML 1.1 reads "
        + s.value()
        + ")";
  }
}
