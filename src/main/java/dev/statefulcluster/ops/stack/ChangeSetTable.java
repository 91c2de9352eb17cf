package dev.statefulcluster.ops.stack;

import dev.statefulcluster.cloud.ChangeSet;
import dev.statefulcluster.cloud.ResourceChange;
import dev.statefulcluster.ops.core.Progress;

/** A change set as a table a person can check before saying yes. */
public final class ChangeSetTable {
  private ChangeSetTable() {}

  public static void print(ChangeSet cs, Progress progress) {
    progress.line(
        "  %-8s %-26s %-30s %-12s %s", "ACTION", "RESOURCE", "TYPE", "REPLACEMENT", "CHANGES");
    for (ResourceChange c : cs.changes()) {
      String replacement =
          c.replacement() == ResourceChange.Replacement.NONE ? "-" : c.replacement().toString();
      String properties = Verdict.properties(c, null);
      String changes =
          c.action() != ResourceChange.Action.MODIFY
              ? ""
              : properties.isEmpty()
                  ? String.join(",", c.scope())
                  : String.join(",", c.scope()) + ": " + properties;
      progress.line(
          "  %-8s %-26s %-30s %-12s %s",
          c.action(), c.logicalId(), c.resourceType(), replacement, changes);
    }
  }

  public static void print(Verdict verdict, Progress progress) {
    for (String w : verdict.warnings()) {
      progress.line("warning: %s", w);
    }
    if (verdict.refused()) {
      progress.line("REFUSED:");
      verdict.refusals().forEach(r -> progress.line("  - %s", r));
    } else {
      progress.line("verdict: safe: no volume or network interface is removed or replaced");
    }
  }
}
