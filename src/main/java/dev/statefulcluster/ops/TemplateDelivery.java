package dev.statefulcluster.ops;

import dev.statefulcluster.cloud.ChangeSetRequest;
import dev.statefulcluster.cloud.Cloud;
import dev.statefulcluster.template.Quota;
import java.nio.charset.StandardCharsets;

/**
 * How a template reaches CloudFormation: inline up to its 51,200-byte limit, through S3 above it
 * (when the user named a bucket), or not at all when the update keeps the deployed template. Every
 * command that sends a template decides here, with one message.
 */
sealed interface TemplateDelivery {
  /** The deployed template, unchanged: only parameters change. */
  record Previous() implements TemplateDelivery {}

  /** A new template; {@code s3Bucket} (or null) takes it when it is too large to go inline. */
  record Body(String body, String s3Bucket) implements TemplateDelivery {}

  static TemplateDelivery previous() {
    return new Previous();
  }

  static TemplateDelivery body(String body, String s3Bucket) {
    return new Body(body, s3Bucket);
  }

  /** Puts the template on the request, uploading it first when it must go through S3. */
  static void deliver(
      TemplateDelivery delivery, Cloud cloud, String stackName, ChangeSetRequest.Builder request) {
    if (delivery instanceof Body b) {
      int bytes = b.body().getBytes(StandardCharsets.UTF_8).length;
      if (bytes <= Quota.INLINE_BODY_BYTES) {
        request.body(b.body());
        return;
      }
      if (b.s3Bucket() == null) {
        throw OpsException.refused(
            String.format(
                "the template is %,d bytes, over"
                    + " CloudFormation's 51,200-byte limit for a template sent inline; pass --s3-bucket"
                    + " BUCKET to send it through S3",
                bytes));
      }
      // Named by content: the same template uploaded again is the same object.
      String key = "stateful-cluster/" + stackName + "/" + Digest.sha256(b.body()) + ".json";
      request.url(cloud.templates().put(b.s3Bucket(), key, b.body()));
    } else {
      request.previousTemplate();
    }
  }
}
