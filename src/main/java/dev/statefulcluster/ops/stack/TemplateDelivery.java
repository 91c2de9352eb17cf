package dev.statefulcluster.ops.stack;

import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.ops.core.Progress;
import dev.statefulcluster.template.Quota;
import java.nio.charset.StandardCharsets;

/**
 * How a template reaches CloudFormation: inline up to its 51,200-byte limit, through S3 above it
 * (the user's {@code --s3-bucket}, or else the tool's own {@link TemplateBucket}), or not at all
 * when the update keeps the deployed template. Every command that sends a template decides here.
 */
public sealed interface TemplateDelivery {
  /** The deployed template, unchanged: only parameters change. */
  public record Previous() implements TemplateDelivery {}

  /**
   * A new template; {@code s3Bucket} (or null for the tool's own bucket) takes it when it is too
   * large to go inline.
   */
  public record Body(String body, String s3Bucket) implements TemplateDelivery {}

  public static TemplateDelivery previous() {
    return new Previous();
  }

  public static TemplateDelivery body(String body, String s3Bucket) {
    return new Body(body, s3Bucket);
  }

  /** Puts the template on the request, uploading it first when it must go through S3. */
  public static void deliver(
      TemplateDelivery delivery,
      Cloud cloud,
      Progress progress,
      String stackName,
      ChangeSetRequest.Builder request) {
    if (delivery instanceof Body b) {
      int bytes = b.body().getBytes(StandardCharsets.UTF_8).length;
      if (bytes <= Quota.INLINE_BODY_BYTES) {
        request.body(b.body());
        return;
      }
      TemplateBucket.Target target = TemplateBucket.resolve(cloud, progress, b.s3Bucket());
      request.url(TemplateBucket.upload(cloud, target, stackName, b.body()));
    } else {
      request.previousTemplate();
    }
  }
}
