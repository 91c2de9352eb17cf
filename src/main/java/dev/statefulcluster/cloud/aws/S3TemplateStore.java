package dev.statefulcluster.cloud.aws;

import dev.statefulcluster.cloud.TemplateStore;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link TemplateStore} on S3: PutObject, then the object's URL as the client addresses it
 * (virtual-hosted on AWS, path-style behind an endpoint override), which is what CloudFormation's
 * TemplateURL takes.
 */
final class S3TemplateStore implements TemplateStore {

  private final Supplier<S3Client> s3;
  private final AwsErrors errors;

  S3TemplateStore(Supplier<S3Client> s3, AwsErrors errors) {
    this.s3 = s3;
    this.errors = errors;
  }

  @Override
  public String put(String bucket, String key, String templateBody) {
    return errors.call(
        () -> {
          s3.get()
              .putObject(
                  r -> r.bucket(bucket).key(key).contentType("text/plain; charset=utf-8"),
                  RequestBody.fromString(templateBody));
          return url(bucket, key);
        });
  }

  /** The object's URL, computed by the client with no call made. */
  String url(String bucket, String key) {
    return s3.get().utilities().getUrl(r -> r.bucket(bucket).key(key)).toExternalForm();
  }
}
