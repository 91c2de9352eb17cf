package dev.statefulcluster.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.testing.DocumentedEbsLimits;
import dev.statefulcluster.testing.DocumentedEbsLimits.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The product's EBS rules against AWS's documented limits, over a grid around every boundary: the
 * file and grow must refuse exactly what EBS refuses, no more (a 5 GiB gp3 volume with its 3,000
 * baseline IOPS is fine) and no less.
 */
class EbsRulesGridTest {
  @Test
  void volumeRulesAgreeWithTheDocumentedLimitsEverywhereOnTheGrid() {
    List<Volume> grid = DocumentedEbsLimits.grid().toList();
    List<String> disagreements =
        grid.stream()
            .filter(
                v ->
                    DocumentedEbsLimits.accepts(v)
                        != VolumeRules.check(
                                VolumeType.of(v.type()), v.size(), v.iops(), v.throughput())
                            .isEmpty())
            .map(v -> v + ": AWS " + (DocumentedEbsLimits.accepts(v) ? "accepts" : "refuses"))
            .toList();

    assertThat(grid).hasSizeGreaterThan(10_000);
    assertThat(disagreements).isEmpty();
  }

  @Test
  void everyDocumentedTypeIsOneTheProductKnowsAndNoOther() {
    assertThat(List.of(VolumeType.values()))
        .extracting(VolumeType::id)
        .containsExactlyElementsOf(DocumentedEbsLimits.TABLE.keySet());
  }
}
