package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.NodeSpec;
import dev.statefulcluster.template.Template;
import dev.statefulcluster.template.TemplateWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Synthesis costs the same per node at any size: a 1,000-node cluster (more than one stack holds,
 * so built here rather than through validate) is synthesized and written in well under a second.
 */
class SynthesisScaleTest {
  /** Spec reading, template building and compact writing of {@code nodes} nodes, in ms. */
  static double medianMillis(ClusterSpec spec, int runs) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      Template t = ClusterTemplate.synthesize(spec);
      String body = TemplateWriter.write(t, TemplateWriter.Format.COMPACT_JSON);
      times.add((System.nanoTime() - start) / 1e6);
      assertThat(body).isNotEmpty();
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

  @Test
  void aThousandNodesSynthesizeInUnderASecondAndPerNodeWorkIsFlat() {
    ClusterSpec hundred = SpecFixtures.counted(100, "");
    ClusterSpec thousand = nodes(1000);
    medianMillis(thousand, 3); // warm up
    double t100 = medianMillis(hundred, 7);
    double t1000 = medianMillis(thousand, 7);
    System.out.printf(
        "synthesis (warm, median of 7): 100 nodes %.1f ms, 1000 nodes %.1f ms%n", t100, t1000);
    assertThat(t1000).isLessThan(1000);
    // Linear, not quadratic: ten times the nodes costs far less than a hundred times the time.
    assertThat(t1000).isLessThan(t100 * 30);
  }
}
