package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.spec.SpecException;
import dev.statefulcluster.template.Quota;
import dev.statefulcluster.template.Template;
import dev.statefulcluster.template.TemplateChecks;
import dev.statefulcluster.template.TemplateWriter;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A cluster synthesized over several stacks (see {@link NestedTemplates}): every child's template,
 * checked, and the parent, which names the children by URL and so is made once they have one.
 */
public record NestedSynthesis(
    ClusterSpec spec, ClusterLayout layout, Map<String, Synthesis> children) {

  /**
   * Above this many nodes a new cluster is laid out over several stacks. It was where a single
   * stack stopped fitting (three outputs per node reached the 200 outputs at 66); a single stack
   * now holds 164 nodes, but the bound stays, so that the layout a file gets does not depend on the
   * version that created it, and a large cluster starts in the layout that grows to 1,000.
   */
  public static final int SINGLE_STACK_BOUND = 65;

  /**
   * Whether a new cluster of this spec is laid out over several stacks: when its single template
   * would break a quota. The choice is made when the cluster is created and kept.
   */
  public static boolean needed(ClusterSpec spec) {
    if (spec.nodes().size() > SINGLE_STACK_BOUND || spec.layout().nested()) {
      return true;
    }
    ClusterTemplate.requireComplete(spec);
    return overQuota(Synthesis.unchecked(spec));
  }

  /**
   * The single-stack synthesis of a new cluster of this spec, checked as {@link Synthesis#of}
   * checks it; empty when the cluster is laid out over several stacks ({@link #needed}). For a
   * command that writes the one template it chose by: the template is synthesized once, not once to
   * choose and again to write.
   */
  public static Optional<Synthesis> singleStack(ClusterSpec spec) {
    if (spec.nodes().size() > SINGLE_STACK_BOUND || spec.layout().nested()) {
      return Optional.empty();
    }
    ClusterTemplate.requireComplete(spec);
    Synthesis single = Synthesis.unchecked(spec);
    return overQuota(single) ? Optional.empty() : Optional.of(Synthesis.checked(spec, single));
  }

  private static boolean overQuota(Synthesis s) {
    return !Quota.exceeded(s.usage()).isEmpty();
  }

  /** Every child template of {@code spec}, each checked and within every quota. */
  public static NestedSynthesis of(ClusterSpec spec) {
    NodeSettings target = NodeSettings.of(spec);
    return of(spec, n -> target);
  }

  /**
   * As {@link #of(ClusterSpec)}, each node's instance launched with its {@code settings}: deploy's
   * in-place update keeps every running instance on what it was launched with.
   */
  public static NestedSynthesis of(ClusterSpec spec, IntFunction<NodeSettings> settings) {
    ClusterTemplate.requireComplete(spec);
    ClusterLayout layout = layout(spec);
    Map<String, Synthesis> children = new LinkedHashMap<>();
    for (int g = 1; g <= layout.groups(); g++) {
      children.put(
          ClusterLayout.networkStack(g),
          checked(spec, ClusterLayout.networkStack(g), NestedTemplates.network(spec, layout, g)));
      children.put(ClusterLayout.nodesStack(g), nodes(spec, g, settings));
    }
    return new NestedSynthesis(spec, layout, Collections.unmodifiableMap(children));
  }

  /**
   * Group {@code g}'s nodes stack alone, each node's instance on its {@code settings}: what a roll
   * step of deploy writes for the groups whose nodes it brings up on the file's settings. The same
   * settings give the same body as {@link #of(ClusterSpec, IntFunction)}.
   */
  public static Synthesis nodes(ClusterSpec spec, int g, IntFunction<NodeSettings> settings) {
    ClusterTemplate.requireComplete(spec);
    return checked(
        spec, ClusterLayout.nodesStack(g), NestedTemplates.nodes(spec, layout(spec), g, settings));
  }

  /** The nested layout of {@code spec}'s nodes, in groups of the size its file asks for. */
  public static ClusterLayout layout(ClusterSpec spec) {
    return ClusterLayout.nested(spec.nodes().size(), spec.layout().groupSize());
  }

  /**
   * The parent of a new cluster as plain CloudFormation creates it in one operation (each nodes
   * stack reading its values from the network stacks' outputs): what {@code synth -o} writes.
   */
  public Synthesis parent(Function<String, String> urlOf) {
    return parent(fileValues(), ParentForm.referenced(), urlOf);
  }

  /** Each node's AMI and snapshot as the file gives them. */
  public Map<Integer, NodeValues> fileValues() {
    Map<Integer, NodeValues> settings = new TreeMap<>();
    for (NodeSpec n : spec.nodes()) {
      settings.put(n.number(), new NodeValues(n.ami(), n.snapshot() == null ? "" : n.snapshot()));
    }
    return settings;
  }

  /**
   * The parent with {@code settings} for each node, its nodes stacks written in {@code form};
   * {@code urlOf} gives each child's URL.
   */
  public Synthesis parent(
      Map<Integer, NodeValues> settings, ParentForm form, Function<String, String> urlOf) {
    return checked(spec, "parent", NestedTemplates.parent(spec, layout, settings, form, urlOf));
  }

  /** The stack using the most of any one quota (by share of its limit), and its usage. */
  public Map.Entry<String, Synthesis> fullest(Synthesis parent) {
    Map<String, Synthesis> all = new LinkedHashMap<>();
    all.put("parent", parent);
    all.putAll(children);
    return all.entrySet().stream()
        .max(Comparator.comparingDouble(e -> share(e.getValue())))
        .orElseThrow();
  }

  /** The largest share of a quota a template uses, BODY_BYTES measured against S3's 1 MB. */
  static double share(Synthesis s) {
    return s.usage().stream()
        .mapToDouble(u -> (double) u.used() / u.quota().limit())
        .max()
        .orElse(0);
  }

  /**
   * {@code t}, the template of the stack {@code stack}, checked; a quota it breaks is the file's
   * error, at the line that causes it.
   */
  private static Synthesis checked(ClusterSpec spec, String stack, Template t) {
    List<String> problems = TemplateChecks.check(t);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "generated template is inconsistent:\n" + String.join("\n", problems));
    }
    String body = TemplateWriter.write(t, TemplateWriter.Format.COMPACT_JSON);
    Synthesis s = new Synthesis(t, body, Quota.measure(t, body));
    List<Quota.Usage> over = Quota.exceeded(s.usage());
    if (!over.isEmpty()) {
      // The group size is chosen so that the nodes cannot cause this; ports and texts can.
      String where = "the template of the " + stack + " stack";
      throw new SpecException(
          List.of(
              QuotaBreach.explain(spec, where, t, over)
                  .orElseGet(
                      () ->
                          spec.source()
                              .error(
                                  "nodes",
                                  where
                                      + " needs "
                                      + over.get(0)
                                      + ", over CloudFormation's limit"))));
    }
    return s;
  }
}
