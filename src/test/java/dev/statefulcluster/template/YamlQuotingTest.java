package dev.statefulcluster.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every string written as YAML reads back as that string with a YAML 1.1 reader (SnakeYAML, as
 * PyYAML, cfn-lint and AWS's validator read), and with YAML 1.2's core schema; strings that no
 * reader takes for anything else stay unquoted, so templates stay as people write them.
 */
class YamlQuotingTest {
  /** Each would be something else than text, written plain, to a YAML 1.1 or 1.2 reader. */
  static final List<String> LOOK_LIKE_OTHER_TYPES =
      List.of(
          "12:30",
          "1:20:30",
          "190:20:30.15",
          "=",
          "<<",
          "~",
          "",
          "null",
          "Null",
          "NULL",
          "y",
          "Y",
          "n",
          "N",
          "yes",
          "No",
          "ON",
          "off",
          "true",
          "False",
          "0",
          "-17",
          "+5",
          "010",
          "089",
          "0o17",
          "0x1F",
          "0b101",
          "1_000",
          "1.5",
          "-.5",
          ".5",
          "1e3",
          "1.0e+3",
          "6.8523015e+5",
          "+.inf",
          "-.Inf",
          ".NaN",
          "2001-12-14",
          "2001-12-14t21:59:43.10-05:00",
          "2001-12-14 21:59:43.10 -5",
          "2001-12-15T02:59:43.1Z",
          "2010-09-09");

  /** Plain text to every reader: must not gain quotes. */
  static final List<String> PLAIN =
      List.of(
          "10.0.1.10",
          "1.2.3",
          "m6i.large",
          "ami-0abc",
          "a=b",
          "12:30pm",
          "yesterday",
          "nc -z 127.0.0.1 9092",
          "2001-12",
          "Version 2");

  private static Object readBack(String yaml) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
  }

  private static String write(List<String> values) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("values", new ArrayList<Object>(values));
    Map<String, Object> keyed = new LinkedHashMap<>();
    values.forEach(v -> keyed.put(v, v));
    data.put("keys", keyed);
    return TemplateWriter.write(data, TemplateWriter.Format.YAML);
  }

  @Test
  void stringsThatLookLikeOtherTypesAreQuotedAndReadBackAsText() {
    String yaml = write(LOOK_LIKE_OTHER_TYPES);

    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) readBack(yaml);
    assertThat(back.get("values")).as(yaml).isEqualTo(LOOK_LIKE_OTHER_TYPES);
    assertThat(new ArrayList<Object>(((Map<?, ?>) back.get("keys")).keySet()))
        .as(yaml)
        .isEqualTo(LOOK_LIKE_OTHER_TYPES);
    for (String value : LOOK_LIKE_OTHER_TYPES) {
      assertThat(YamlQuoting.resolvesToAnotherType(value)).as(value).isTrue();
    }
  }

  @Test
  void plainTextStaysUnquoted() {
    String yaml = write(PLAIN);

    for (String value : PLAIN) {
      assertThat(yaml).contains("\n- " + value + "\n");
      assertThat(YamlQuoting.resolvesToAnotherType(value)).as(value).isFalse();
    }
    assertThat(readBack(yaml)).extracting("values").isEqualTo(PLAIN);
  }
}
