package dev.statefulcluster.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {

  @Test
  void blankMeansNotGiven() {
    var settings = new AwsSettings(" ", "", null);

    assertThat(settings.region()).isNull();
    assertThat(settings.profile()).isNull();
  }

  @Test
  void aRegionNameIsLowerCaseWordsAndDigits() {
    assertThat(new AwsSettings("us-gov-west-1", null, null).region()).isEqualTo("us-gov-west-1");
    assertThatThrownBy(() -> new AwsSettings("EU West 1", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--region 'EU West 1' is not a region name; use one such as eu-west-1");
  }

  @Test
  void anEndpointIsAnHttpUrlWithAHost() {
    assertThat(new AwsSettings(null, null, URI.create("http://localhost:4566")).endpointUrl())
        .hasPort(4566);
    assertThatThrownBy(() -> new AwsSettings(null, null, URI.create("localhost:4566")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--endpoint-url 'localhost:4566' is not an http:// or https:// URL; "
                + "use one such as http://localhost:4566");
    assertThatThrownBy(() -> new AwsSettings(null, null, URI.create("ftp://example.com")))
        .hasMessageStartingWith("--endpoint-url 'ftp://example.com' is not an http://");
  }
}
