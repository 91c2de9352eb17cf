package dev.statefulcluster.synth;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.template.Template;
import dev.statefulcluster.template.TemplateWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * In-process synthesis time at 100 and 1,000 nodes (a 1,000-node single template, more than one
 * stack holds, so built here rather than through a file): the per-node cost must stay flat. Run by
 * bench/synth.sh; a benchmark, not a test, since timings on a shared machine are not a verdict.
 */
public final class SynthesisBenchmark {
  private SynthesisBenchmark() {}

  /** Spec reading, template building and compact writing of {@code nodes} nodes, in ms. */
  static double medianMillis(ClusterSpec spec, int runs) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      Template t = ClusterTemplate.synthesize(spec);
      String body = TemplateWriter.write(t, TemplateWriter.Format.COMPACT_JSON);
      times.add((System.nanoTime() - start) / 1e6);
      if (body.isEmpty()) {
        throw new IllegalStateException("empty template");
      }
    }
    Collections.sort(times);
    return times.get(times.size() / 2);
  }

  /** A counted cluster of {@code count} nodes, past the file format's limit of 200. */
  static ClusterSpec nodes(int count) {
    ClusterSpec two = SpecFixtures.counted(2, "");
    List<NodeSpec> nodes = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      NodeSpec like = two.nodes().get((n - 1) % 2);
      nodes.add(new NodeSpec(n, like.subnet(), like.availabilityZone(), null, like.ami(), null));
    }
    return two.withNodes(nodes);
  }

  public static void main(String[] args) {
    ClusterSpec hundred = SpecFixtures.counted(100, "");
    ClusterSpec thousand = nodes(1000);
    medianMillis(thousand, 3); // warm up
    double t100 = medianMillis(hundred, 7);
    double t1000 = medianMillis(thousand, 7);
    System.out.printf(
        "in-process synthesis (warm, median of 7): 100 nodes %.1f ms, 1,000 nodes %.1f ms"
            + " (%.1fx for 10x the nodes; flat per-node cost is about 10x)%n",
        t100, t1000, t1000 / t100);
  }
}
