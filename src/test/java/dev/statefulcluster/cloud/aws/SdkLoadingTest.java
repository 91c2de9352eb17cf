package dev.statefulcluster.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Commands that never reach AWS must not pay for loading the SDK: the CLI builds {@link
 * AwsSettings} from its options for every command, so that must load no SDK class. Checked in a
 * fresh JVM, since this one has long loaded the SDK for the other tests.
 */
class SdkLoadingTest {

  /** Run in the fresh JVM: what the CLI does before it knows whether a command needs AWS. */
  static final class SettingsOnly {
    public static void main(String[] args) {
      var settings = new AwsSettings("eu-west-1", "prod", URI.create("http://localhost:4566"));
      System.out.println("settings " + settings);
    }
  }

  /** Run in the fresh JVM: a cloud command. */
  static final class MakesCloud {
    public static void main(String[] args) {
      try (AwsCloud cloud = AwsCloud.create(AwsStub.credentials(), "eu-west-1", null)) {
        System.out.println("cloud " + cloud.region());
      }
    }
  }

  @Test
  void buildingSettingsLoadsNoSdkClass() throws Exception {
    List<String> loaded = classesLoadedBy(SettingsOnly.class);

    assertThat(loaded).anyMatch(line -> line.contains("dev.statefulcluster.cloud.aws.AwsSettings"));
    assertThat(loaded).noneMatch(line -> line.contains("software.amazon."));
  }

  @Test
  void theCheckSeesTheSdkWhenACloudIsMade() throws Exception {
    assertThat(classesLoadedBy(MakesCloud.class))
        .anyMatch(line -> line.contains("software.amazon."));
  }

  private static List<String> classesLoadedBy(Class<?> main)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command =
        List.of(
            java,
            "-Xshare:off",
            "-verbose:class",
            "-cp",
            System.getProperty("java.class.path"),
            main.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().toList();
  }
}
