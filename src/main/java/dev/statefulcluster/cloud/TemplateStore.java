package dev.statefulcluster.cloud;

/**
 * Where templates too large to send inline (over 51,200 bytes) are put for CloudFormation to read:
 * an S3 bucket. Returns the URL to pass as TemplateURL.
 */
public interface TemplateStore {
  String put(String bucket, String key, String templateBody);
}
