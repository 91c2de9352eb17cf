package dev.statefulcluster.template;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;

/**
 * Quotes every string that a YAML reader would resolve to something else. Jackson's own checker
 * knows the YAML 1.2 keywords and plain numbers, but readers of YAML 1.1 (PyYAML, cfn-lint, AWS's
 * validator, SnakeYAML) also resolve sexagesimal numbers ({@code 12:30} is 750), dates, octals,
 * {@code y}/{@code n} and the merge and value keys ({@code <<}, {@code =}). The patterns are the
 * YAML 1.1 type repository's, as PyYAML and SnakeYAML apply them, and the YAML 1.2 core schema's.
 */
final class YamlQuoting extends StringQuotingChecker.Default {
  private static final long serialVersionUID = 1L;

  private static final Pattern NOT_A_STRING =
      Pattern.compile(
          String.join(
              "|",
              // null (1.1 and 1.2)
              "~|null|Null|NULL|",
              // bool: 1.1, which 1.2 narrows to true/false
              "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
              // int: 1.1 binary, octal, decimal, hex, sexagesimal; 1.2 octal
              "[-+]?0b[0-1_]+",
              "[-+]?0[0-7_]+",
              "[-+]?(0|[1-9][0-9_]*)",
              "[-+]?0x[0-9a-fA-F_]+",
              "[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+",
              "[-+]?[0-9]+",
              "0o[0-7]+",
              // float: 1.1 as PyYAML and SnakeYAML read it (10.0.1.10 stays text), and 1.2
              "[-+]?(\\.[0-9]+|[0-9_]+(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?",
              "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*",
              "[-+]?\\.(inf|Inf|INF)",
              "\\.(nan|NaN|NAN)",
              // timestamp (1.1)
              "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\\.[0-9]*)?"
                  + "([ \\t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?",
              // merge and value keys (1.1)
              "<<",
              "="));

  static final YamlQuoting INSTANCE = new YamlQuoting();

  /** Whether a YAML 1.1 or 1.2 reader would take {@code text}, written plain, as a non-string. */
  static boolean resolvesToAnotherType(String text) {
    return NOT_A_STRING.matcher(text).matches();
  }

  @Override
  public boolean needToQuoteName(String name) {
    return super.needToQuoteName(name) || resolvesToAnotherType(name);
  }

  @Override
  public boolean needToQuoteValue(String value) {
    return super.needToQuoteValue(value) || resolvesToAnotherType(value);
  }
}
