package dev.statefulcluster.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudFormation's per-template quotas ("CloudFormation quotas", AWS CloudFormation User Guide):
 * 500 resources, 200 parameters, 200 outputs, 200 mappings; a template body of 51,200 bytes sent
 * inline or 1 MB read from S3.
 */
public enum Quota {
  RESOURCES("resources", 500),
  PARAMETERS("parameters", 200),
  OUTPUTS("outputs", 200),
  MAPPINGS("mappings", 200),
  BODY_BYTES("bytes of template body (51,200 when sent inline)", 1_048_576);

  /** Above this, the template must be uploaded to S3 and passed by URL. */
  public static final int INLINE_BODY_BYTES = 51_200;

  private final String what;
  private final int limit;

  Quota(String what, int limit) {
    this.what = what;
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }

  public String what() {
    return what;
  }

  /** How much of each quota a template uses. */
  public record Usage(Quota quota, int used) {
    public boolean exceeded() {
      return used > quota.limit;
    }

    @Override
    public String toString() {
      return String.format("%,d of %,d %s", used, quota.limit, quota.what);
    }
  }

  /** Measures {@code template}; {@code compactBody} is the template as it would be sent. */
  public static List<Usage> measure(Template template, String compactBody) {
    List<Usage> out = new ArrayList<>();
    out.add(new Usage(RESOURCES, template.resources().size()));
    out.add(new Usage(PARAMETERS, template.parameters().size()));
    out.add(new Usage(OUTPUTS, template.outputs().size()));
    out.add(new Usage(MAPPINGS, template.mappings().size()));
    out.add(new Usage(BODY_BYTES, compactBody.getBytes(StandardCharsets.UTF_8).length));
    return out;
  }

  public static List<Usage> exceeded(List<Usage> usages) {
    return usages.stream().filter(Usage::exceeded).toList();
  }
}
