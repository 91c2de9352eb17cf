package dev.statefulcluster.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.testing.DocumentedEbsLimits;
import dev.statefulcluster.testing.DocumentedEbsLimits.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's EBS limits against AWS's documented ones, over the same grid as the product's. */
class EbsLimitsGridTest {
  @Test
  void theModelRefusesExactlyWhatEbsRefuses() {
    List<String> disagreements =
        DocumentedEbsLimits.grid()
            .filter(v -> DocumentedEbsLimits.accepts(v) != accepts(v))
            .map(v -> v + ": AWS " + (DocumentedEbsLimits.accepts(v) ? "accepts" : "refuses"))
            .toList();

    assertThat(disagreements).isEmpty();
  }

  private static boolean accepts(Volume v) {
    try {
      EbsLimits.check(v.type(), v.size(), v.iops(), v.throughput());
      return true;
    } catch (CloudException e) {
      return false;
    }
  }
}
