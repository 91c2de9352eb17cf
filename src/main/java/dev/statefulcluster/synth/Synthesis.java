package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.SpecError;
import dev.statefulcluster.spec.SpecException;
import dev.statefulcluster.template.Quota;
import dev.statefulcluster.template.Template;
import dev.statefulcluster.template.TemplateChecks;
import dev.statefulcluster.template.TemplateWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A spec synthesized and checked: the template, its compact body as CloudFormation receives it, its
 * use of CloudFormation's quotas, and its {@link #layout}. {@link #of} refuses a template
 * CloudFormation would reject, rather than write it.
 */
public record Synthesis(Template template, String compactBody, List<Quota.Usage> usage) {

  /** Above this the template has to travel through S3. */
  public boolean needsUpload() {
    return bytes() > Quota.INLINE_BODY_BYTES;
  }

  /** Where each node's state lives in the synthesized stack. */
  public ClusterLayout layout() {
    int nodes = 0;
    while (template.resources().containsKey(ClusterLayout.node(nodes + 1).eni())) {
      nodes++;
    }
    return ClusterLayout.of(nodes);
  }

  public int bytes() {
    return usage.stream()
        .filter(u -> u.quota() == Quota.BODY_BYTES)
        .findFirst()
        .orElseThrow()
        .used();
  }

  public static Synthesis of(ClusterSpec spec) {
    NodeSettings target = NodeSettings.of(spec);
    return of(spec, n -> target, Map.of());
  }

  /**
   * As {@link #of(ClusterSpec)}, each node's instance launched with its {@code settings} (a roll
   * under way), and the nodes in {@code launchedUserData} keeping the user data their running
   * instances were launched with (see {@link ClusterLayout#isPreviousUserData}).
   */
  public static Synthesis of(
      ClusterSpec spec, IntFunction<NodeSettings> settings, Map<Integer, Object> launchedUserData) {
    return checked(spec, unchecked(spec, settings, launchedUserData));
  }

  /** {@code s}, synthesized from {@code spec}, once it passed every check {@link #of} makes. */
  static Synthesis checked(ClusterSpec spec, Synthesis s) {
    List<String> problems = TemplateChecks.check(s.template);
    if (!problems.isEmpty()) {
      // The generator made a template that does not hold together: a bug, not a user error.
      throw new IllegalStateException(
          "generated template is inconsistent:\n" + String.join("\n", problems));
    }
    List<Quota.Usage> over = Quota.exceeded(s.usage);
    if (!over.isEmpty()) {
      Optional<SpecError> cause =
          QuotaBreach.explain(spec, "the cluster's template", s.template, over);
      if (cause.isPresent()) {
        throw new SpecException(List.of(cause.get()));
      }
      int fits = largestFitting(spec);
      StringBuilder msg = new StringBuilder();
      for (Quota.Usage u : over) {
        msg.append("the template needs ").append(u).append(", over CloudFormation's limit; ");
      }
      msg.append(
          fits == 0
              ? "not even one node fits: shorten the bootstrap script"
              : "at most "
                  + fits
                  + " nodes fit one stack (this cluster has "
                  + spec.nodes().size()
                  + "); a cluster created in one stack stays in one: keep at most "
                  + fits
                  + " nodes, or create a new cluster, which a file of this size lays out over"
                  + " nested stacks (moving nodes between stacks with CloudFormation's stack"
                  + " refactoring is not supported yet)");
      throw new SpecException(List.of(spec.source().error("nodes", msg.toString())));
    }
    return s;
  }

  static Synthesis unchecked(ClusterSpec spec) {
    NodeSettings target = NodeSettings.of(spec);
    return unchecked(spec, n -> target, Map.of());
  }

  private static Synthesis unchecked(
      ClusterSpec spec, IntFunction<NodeSettings> settings, Map<Integer, Object> launchedUserData) {
    Template t = ClusterTemplate.synthesize(spec, settings, launchedUserData);
    String body = TemplateWriter.write(t, TemplateWriter.Format.COMPACT_JSON);
    return new Synthesis(t, body, Quota.measure(t, body));
  }

  /** The most nodes of this spec whose template stays within every quota (binary search). */
  static int largestFitting(ClusterSpec spec) {
    int lo = 0;
    int hi = spec.nodes().size();
    while (lo < hi) {
      int mid = (lo + hi + 1) / 2;
      ClusterSpec smaller = spec.withNodes(spec.nodes().subList(0, mid));
      if (Quota.exceeded(unchecked(smaller).usage).isEmpty()) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
