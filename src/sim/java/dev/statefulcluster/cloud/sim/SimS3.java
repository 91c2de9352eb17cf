package dev.statefulcluster.cloud.sim;

import dev.statefulcluster.cloud.TemplateStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model's S3, for templates too large to send inline: PutObject stores the body and returns the
 * object's https URL, which CreateChangeSet's TemplateURL then reads.
 */
public final class SimS3 implements TemplateStore {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern VIRTUAL_HOST =
      Pattern.compile("([a-z0-9.-]+)\\.s3(?:[.-]([a-z0-9-]+))?\\.amazonaws\\.com");
  private static final Pattern PATH_HOST =
      Pattern.compile("s3(?:[.-]([a-z0-9-]+))?\\.amazonaws\\.com");

  private final ApiGate gate;
  private final String region;
  private final Map<String, String> objects = new HashMap<>();

  SimS3(ApiGate gate, String region) {
    this.gate = gate;
    this.region = region;
  }

  @Override
  public String put(String bucket, String key, String templateBody) {
    return gate.call(
        "PutObject",
        () -> {
          if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw ApiErrors.service(
                "InvalidBucketName", "The specified bucket is not valid: " + bucket);
          }
          if (key == null || key.isEmpty()) {
            throw ApiErrors.service("InvalidArgument", "An object key is required");
          }
          objects.put(bucket + "/" + key, templateBody);
          return "https://" + bucket + ".s3." + region + ".amazonaws.com/" + key;
        });
  }

  /** What CloudFormation reads from a TemplateURL. */
  String read(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ApiErrors.validation("TemplateURL must be a supported URL.");
    }
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw ApiErrors.validation("TemplateURL must be a supported URL.");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    Matcher virtual = VIRTUAL_HOST.matcher(uri.getHost());
    String object;
    if (PATH_HOST.matcher(uri.getHost()).matches()) {
      object = path;
    } else if (virtual.matches()) {
      object = virtual.group(1) + "/" + path;
    } else {
      throw ApiErrors.validation("TemplateURL must be a supported URL.");
    }
    String body = objects.get(object);
    if (body == null) {
      throw ApiErrors.validation(
          "TemplateURL must reference a valid S3 object to which you have access.");
    }
    return body;
  }
}
