package dev.statefulcluster.testing;

/**
 * One finding of AWS's CloudFormation validator ({@link CfnValidator}). {@code logicalId}, {@code
 * resourceType} and {@code propertyPath} are null when the finding has none (a parameter has no
 * resource type; a parse error has no entity); {@code line} is 1-based, 0 when unknown.
 */
public record Diagnostic(
    Severity severity,
    String ruleId,
    String message,
    String logicalId,
    String resourceType,
    String propertyPath,
    int line) {

  /** The validator's severities, least severe first. */
  public enum Severity {
    DEBUG,
    INFO,
    WARN,
    ERROR,
    FATAL;

    /** ERROR and FATAL: CloudFormation would reject the template or fail to deploy it. */
    public boolean isError() {
      return compareTo(ERROR) >= 0;
    }
  }

  /** One line for assertion messages: {@code E1154 ERROR Eni (AWS::EC2::NetworkInterface) ...}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(ruleId).append(' ').append(severity);
    if (logicalId != null) {
      text.append(' ').append(logicalId);
    }
    if (resourceType != null) {
      text.append(" (").append(resourceType).append(')');
    }
    if (propertyPath != null) {
      text.append(' ').append(propertyPath);
    }
    return text.append(" line ").append(line).append(": ").append(message).toString();
  }
}
