package dev.statefulcluster.testing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The findings of AWS's CloudFormation validator ({@link CfnValidator}) for one template, at or
 * above the requested threshold. {@code template} is the path or name the caller gave; {@code
 * status} is the validator's: OK, ERROR (the template did not parse) or ANALYSIS_INCOMPLETE (a
 * budget ran out, so findings may be missing).
 */
public record ValidationReport(String template, String status, List<Diagnostic> diagnostics) {

  public ValidationReport {
    diagnostics = List.copyOf(diagnostics);
  }

  /** ERROR and FATAL findings: CloudFormation would reject the template or fail to deploy it. */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(d -> d.severity().isError()).toList();
  }

  /** WARN findings. */
  public List<Diagnostic> warnings() {
    return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.WARN).toList();
  }

  /** Distinct rule ids in report order. */
  public Set<String> ruleIds() {
    Set<String> ids = new LinkedHashSet<>();
    diagnostics.forEach(d -> ids.add(d.ruleId()));
    return ids;
  }

  /** The findings of one rule. */
  public List<Diagnostic> byRule(String ruleId) {
    return diagnostics.stream().filter(d -> d.ruleId().equals(ruleId)).toList();
  }

  public boolean isComplete() {
    return !"ANALYSIS_INCOMPLETE".equals(status);
  }
}
