package dev.statefulcluster.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** cfn-init runs a config's commands in the alphabetical order of their keys. */
class InitConfigTest {
  @Test
  void commandKeysSortInTheOrderTheCommandsWereGiven() {
    assertThat(InitConfig.commandKey(1, "mount")).isEqualTo("01-mount");
    assertThat(InitConfig.commandKey(9, "a")).isEqualTo("09-a");
    assertThat(InitConfig.commandKey(10, "a")).isEqualTo("10-a");
    assertThat(InitConfig.commandKey(99, "a")).isEqualTo("99-a");
  }
}
