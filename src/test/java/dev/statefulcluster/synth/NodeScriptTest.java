package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeScriptTest {

  @Test
  void textIsThePosixScriptWithItsDocumentedInterface() {
    String text = NodeScript.text();

    assertThat(text).startsWith("#!/bin/sh\n").endsWith("\n").contains("\nset -eu\n");
    assertThat(text)
        .contains(
            "stateful-node prepare --volume-id",
            "stateful-node grow --volume-id",
            "stateful-node wait-healthy --timeout");
    assertThat(text).doesNotContain("\r").doesNotContain("\t");
  }
}
