package dev.statefulcluster.template;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudFormation's intrinsic functions as plain data: each call returns the one-key map the
 * template holds ({@code {"Ref": "X"}}), so a template stays ordinary JSON to write and to check.
 */
public final class Fn {
  private Fn() {}

  public static Map<String, Object> ref(String name) {
    return one("Ref", name);
  }

  public static Map<String, Object> getAtt(String resource, String attribute) {
    return one("Fn::GetAtt", List.of(resource, attribute));
  }

  public static Map<String, Object> sub(String text) {
    return one("Fn::Sub", text);
  }

  public static Map<String, Object> sub(String text, Map<String, Object> variables) {
    return one("Fn::Sub", List.of(text, new LinkedHashMap<>(variables)));
  }

  /**
   * {@code text} as a value CloudFormation writes as it is, in which neither its validator nor
   * cfn-lint sees a variable: the text itself, or when it holds "${" (a shell's "${NodeConfig}",
   * which outside Fn::Sub both report as a substitution left undone, E1029) an Fn::Join of its
   * pieces cut between each "$" and "{". Not an Fn::Sub with "${!" escapes: how CloudFormation
   * reads an escape without a closing brace is not documented.
   */
  public static Object literal(String text) {
    if (!text.contains("${")) {
      return text;
    }
    return join("", List.of(text.split("(?<=\\$)(?=\\{)")));
  }

  public static Map<String, Object> join(String delimiter, List<?> parts) {
    return one("Fn::Join", List.of(delimiter, List.copyOf(parts)));
  }

  public static Map<String, Object> base64(Object value) {
    return one("Fn::Base64", value);
  }

  public static Map<String, Object> findInMap(String map, String key, String attribute) {
    return one("Fn::FindInMap", List.of(map, key, attribute));
  }

  public static Map<String, Object> ifThen(String condition, Object whenTrue, Object whenFalse) {
    return one("Fn::If", Arrays.asList(condition, whenTrue, whenFalse));
  }

  public static Map<String, Object> equalTo(Object a, Object b) {
    return one("Fn::Equals", Arrays.asList(a, b));
  }

  public static Map<String, Object> or(List<Object> conditions) {
    return one("Fn::Or", List.copyOf(conditions));
  }

  public static Map<String, Object> not(Object condition) {
    return one("Fn::Not", List.of(condition));
  }

  /** {@code {"Ref": "AWS::NoValue"}}: leaves a property out, unlike an empty string. */
  public static Map<String, Object> noValue() {
    return ref("AWS::NoValue");
  }

  public static final String STACK_NAME = "AWS::StackName";
  public static final String STACK_ID = "AWS::StackId";
  public static final String REGION = "AWS::Region";
  public static final String PARTITION = "AWS::Partition";
  public static final String ACCOUNT_ID = "AWS::AccountId";
  public static final String URL_SUFFIX = "AWS::URLSuffix";

  /** The pseudo parameters a Ref or ${} may name besides the template's own names. */
  public static final List<String> PSEUDO_PARAMETERS =
      List.of(
          STACK_NAME,
          STACK_ID,
          REGION,
          PARTITION,
          ACCOUNT_ID,
          URL_SUFFIX,
          "AWS::NoValue",
          "AWS::NotificationARNs");

  private static Map<String, Object> one(String key, Object value) {
    return Collections.singletonMap(key, value);
  }
}
