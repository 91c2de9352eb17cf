package dev.statefulcluster.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefulcluster.spec.ClusterSpec;
import dev.statefulcluster.spec.SpecReader;
import dev.statefulcluster.template.Template;
import dev.statefulcluster.testing.Shellcheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shell the template makes a node run (user data, cfn-init commands, and the bootstrap scripts
 * of the shipped examples) passes shellcheck, with CloudFormation's substitutions made as it would
 * make them.
 */
class GeneratedShellTest {
  @BeforeAll
  static void needShellcheck() {
    Shellcheck.assumeAvailable();
  }

  static Stream<Path> specs() {
    return TemplateSources.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void userDataAndCommandsPassShellcheck(Path file) throws Exception {
    ClusterSpec spec = SpecReader.read(file);
    Template t = ClusterTemplate.synthesize(spec);
    List<String> scripts = new ArrayList<>();
    scripts.add(userData(t, spec));
    collectCommands(t.resources().get("Node1Instance").metadata(), scripts);
    collectCommands(t.resources().get(Names.NODE_CONFIG).metadata(), scripts);
    assertThat(scripts).hasSizeGreaterThan(5);

    for (String script : scripts) {
      String text = script.startsWith("#!") ? script : "#!/bin/sh\n" + script + "\n";
      assertThat(Shellcheck.check(text)).as("shellcheck of:\n%s", text).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void bootstrapScriptsPassShellcheck(Path file) throws Exception {
    ClusterSpec spec = SpecReader.read(file);
    if (spec.bootstrap() != null && file.startsWith("examples")) {
      String text = NodeFiles.withShebang(spec.bootstrap());
      assertThat(Shellcheck.check(text)).as("shellcheck of the bootstrap of %s", file).isEmpty();
    }
  }

  @SuppressWarnings("unchecked")
  private static void collectCommands(Object node, List<String> out) {
    if (node instanceof Map<?, ?> m) {
      Object command = m.get("command");
      if (command != null) {
        out.add(substitute(command instanceof String s ? s : sub(command)));
      }
      for (Object v : m.values()) {
        collectCommands(v, out);
      }
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectCommands(v, out));
    }
  }

  /** Node 1's user data as the node gets it: its own first lines, then the shared part. */
  private static String userData(Template t, ClusterSpec spec) {
    Object joined = base64(t.resources().get("Node1Instance").properties().get("UserData"));
    List<?> parts = (List<?>) ((List<?>) ((Map<?, ?>) joined).get("Fn::Join")).get(1);
    assertThat(parts.get(1))
        .isEqualTo(
            Map.of(
                "Fn::FindInMap",
                List.of("NodeFiles", "Shared", UserData.bootKey(spec.image().os()))));
    return substitute(sub(parts.get(0)))
        + ((Map<?, ?>) ((Map<?, ?>) t.mappings().get(Names.FILES_MAPPING)).get(NodeFiles.KEY))
            .get(UserData.bootKey(spec.image().os()));
  }

  private static Object base64(Object value) {
    return ((Map<?, ?>) value).get("Fn::Base64");
  }

  private static String sub(Object value) {
    return (String) ((Map<?, ?>) value).get("Fn::Sub");
  }

  /** What CloudFormation puts in place of ${…}: names and ids of the shapes AWS uses. */
  private static String substitute(String text) {
    return text.replace("${AWS::StackName}", "demo")
        .replace("${AWS::Region}", "eu-west-1")
        .replaceAll("\\$\\{Node[0-9]+Volume}", "vol-0123456789abcdef0")
        .replaceAll("\\$\\{Node[0-9]+Eni.PrimaryPrivateIpAddress}", "10.0.1.10");
  }
}
