package dev.statefulcluster.cloud.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefulcluster.cloud.BucketHead;
import dev.statefulcluster.cloud.BucketSettings;
import dev.statefulcluster.cloud.BucketSettings.ExpirationRule;
import dev.statefulcluster.cloud.BucketSettings.PublicAccessBlock;
import dev.statefulcluster.cloud.CloudException;
import dev.statefulcluster.cloud.TemplateStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model's S3 as one account sees it from one region: buckets in one global namespace (shared by
 * the regions of a {@link SimCloud} and {@link SimCloud#inRegion}), each with an owner, a region,
 * the settings the tool puts and its objects. CreateChangeSet's TemplateURL reads the objects.
 *
 * <p>What a new bucket has (S3 since April 2023): SSE-S3 default encryption, all four public access
 * blocks on, ACLs disabled (BucketOwnerEnforced); no policy, no lifecycle rules.
 */
public final class SimS3 implements TemplateStore {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern VIRTUAL_HOST =
      Pattern.compile("([a-z0-9.-]+)\\.s3(?:[.-]([a-z0-9-]+))?\\.amazonaws\\.com");
  private static final Pattern PATH_HOST =
      Pattern.compile("s3(?:[.-]([a-z0-9-]+))?\\.amazonaws\\.com");
  private static final Set<String> ALGORITHMS = Set.of("AES256", "aws:kms", "aws:kms:dsse");
  private static final Set<String> OWNERSHIPS =
      Set.of(BucketSettings.BUCKET_OWNER_ENFORCED, "BucketOwnerPreferred", "ObjectWriter");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Bucket names are global across accounts and regions. */
  static final class Namespace {
    private final Map<String, Bucket> buckets = new HashMap<>();
  }

  private static final class Bucket {
    final String name;
    final String owner;
    final String region;
    String encryption = BucketSettings.SSE_S3;
    PublicAccessBlock publicAccessBlock = PublicAccessBlock.ALL;
    String objectOwnership = BucketSettings.BUCKET_OWNER_ENFORCED;
    String policy;
    List<ExpirationRule> lifecycle = List.of();
    final Map<String, String> objects = new LinkedHashMap<>();

    Bucket(String name, String owner, String region) {
      this.name = name;
      this.owner = owner;
      this.region = region;
    }

    SimBucket view() {
      return new SimBucket(
          name,
          owner,
          region,
          encryption,
          publicAccessBlock,
          objectOwnership,
          policy,
          lifecycle,
          new TreeSet<>(objects.keySet()));
    }
  }

  private final ApiGate gate;
  private final String region;
  private final String account;
  private final Namespace namespace;

  SimS3(ApiGate gate, String region, String account, Namespace namespace) {
    this.gate = gate;
    this.region = region;
    this.account = account;
    this.namespace = namespace;
  }

  Namespace namespace() {
    return namespace;
  }

  // ---- the world, for tests --------------------------------------------------------------------

  /** A bucket the account created earlier in this region (as a user's {@code --s3-bucket}). */
  public SimS3 addBucket(String name) {
    return addBucketOf(account, name, region);
  }

  /** A bucket someone else created: its name is taken for every account. */
  public SimS3 addBucketOf(String owner, String name, String bucketRegion) {
    if (namespace.buckets.containsKey(name)) {
      throw new IllegalArgumentException("bucket exists already: " + name);
    }
    namespace.buckets.put(name, new Bucket(name, owner, bucketRegion));
    return this;
  }

  /** The bucket as its owner's Get calls would show it, whoever owns it. */
  public Optional<SimBucket> bucket(String name) {
    return Optional.ofNullable(namespace.buckets.get(name)).map(Bucket::view);
  }

  /** The names of every bucket of this model's account, in any region. */
  public Set<String> ownBuckets() {
    Set<String> out = new TreeSet<>();
    namespace.buckets.values().stream()
        .filter(b -> b.owner.equals(account))
        .forEach(b -> out.add(b.name));
    return out;
  }

  // ---- the API ---------------------------------------------------------------------------------

  @Override
  public String put(String bucket, String expectedOwner, String key, String templateBody) {
    return gate.call(
        "PutObject",
        () -> {
          Bucket b = accessible(bucket, expectedOwner);
          if (key == null || key.isEmpty()) {
            throw error("InvalidArgument", "An object key is required");
          }
          b.objects.put(key, templateBody);
          return "https://" + bucket + ".s3." + b.region + ".amazonaws.com/" + key;
        });
  }

  @Override
  public BucketHead headBucket(String bucket, String expectedOwner) {
    return gate.call(
        "HeadBucket",
        () -> {
          Bucket b = namespace.buckets.get(bucket);
          if (b == null) {
            return BucketHead.notFound();
          }
          // Another account's bucket is private (its public access blocked): 403, as is one whose
          // owner is not the expected one.
          if (!b.owner.equals(account)
              || (expectedOwner != null && !expectedOwner.equals(b.owner))) {
            return BucketHead.forbidden();
          }
          return BucketHead.owned(b.region);
        });
  }

  @Override
  public void createBucket(String bucket, String location) {
    gate.run(
        "CreateBucket",
        () -> {
          validName(bucket);
          if (!region.equals(location)) {
            throw error(
                "IllegalLocationConstraintException",
                "The "
                    + location
                    + " location constraint is incompatible for the region specific endpoint"
                    + " this request was sent to.");
          }
          Bucket existing = namespace.buckets.get(bucket);
          if (existing != null) {
            if (!existing.owner.equals(account)) {
              throw error(
                  "BucketAlreadyExists",
                  "The requested bucket name is not available. The bucket namespace is shared by"
                      + " all users of the system. Please select a different name and try again.");
            }
            // For legacy compatibility, North Virginia answers 200 to the owner.
            if (!(region.equals("us-east-1") && existing.region.equals("us-east-1"))) {
              throw error(
                  "BucketAlreadyOwnedByYou",
                  "Your previous request to create the named bucket succeeded and you already"
                      + " own it.");
            }
            return;
          }
          namespace.buckets.put(bucket, new Bucket(bucket, account, region));
        });
  }

  @Override
  public void putBucketEncryption(String bucket, String expectedOwner, String algorithm) {
    gate.run(
        "PutBucketEncryption",
        () -> {
          Bucket b = accessible(bucket, expectedOwner);
          if (!ALGORITHMS.contains(algorithm)) {
            throw malformedXml();
          }
          b.encryption = algorithm;
        });
  }

  @Override
  public void putPublicAccessBlock(String bucket, String expectedOwner, PublicAccessBlock block) {
    gate.run(
        "PutPublicAccessBlock",
        () -> {
          Bucket b = accessible(bucket, expectedOwner);
          b.publicAccessBlock = block;
        });
  }

  @Override
  public void putBucketOwnershipControls(
      String bucket, String expectedOwner, String objectOwnership) {
    gate.run(
        "PutBucketOwnershipControls",
        () -> {
          Bucket b = accessible(bucket, expectedOwner);
          if (!OWNERSHIPS.contains(objectOwnership)) {
            throw malformedXml();
          }
          b.objectOwnership = objectOwnership;
        });
  }

  @Override
  public void putBucketPolicy(String bucket, String expectedOwner, String policy) {
    gate.run(
        "PutBucketPolicy",
        () -> {
          Bucket b = accessible(bucket, expectedOwner);
          boolean grantsPublicAccess = checkPolicy(b, policy);
          if (grantsPublicAccess && b.publicAccessBlock.blockPublicPolicy()) {
            throw error("AccessDenied", "Access Denied");
          }
          b.policy = policy;
        });
  }

  @Override
  public void putBucketLifecycle(String bucket, String expectedOwner, List<ExpirationRule> rules) {
    gate.run(
        "PutBucketLifecycleConfiguration",
        () -> {
          Bucket b = accessible(bucket, expectedOwner);
          if (rules.isEmpty()) {
            throw malformedXml();
          }
          Set<String> ids = new HashSet<>();
          for (ExpirationRule rule : rules) {
            if (rule.id() != null && rule.id().length() > 255) {
              throw error("InvalidArgument", "ID length should not exceed allowed limit of 255");
            }
            if (rule.id() != null && !ids.add(rule.id())) {
              throw error(
                  "InvalidArgument",
                  "Rule ID must be unique. Found same ID for more than one rule");
            }
            if (rule.days() <= 0) {
              throw error(
                  "InvalidArgument", "'Days' for Expiration action must be a positive integer");
            }
          }
          b.lifecycle = List.copyOf(rules);
        });
  }

  @Override
  public List<ExpirationRule> bucketLifecycle(String bucket, String expectedOwner) {
    return gate.call(
        "GetBucketLifecycleConfiguration",
        () -> {
          // S3 answers NoSuchLifecycleConfiguration (404) for none; the port's contract is empty.
          return new ArrayList<>(accessible(bucket, expectedOwner).lifecycle);
        });
  }

  // ---- CloudFormation's side
  // ---------------------------------------------------------------------

  /** What CloudFormation reads from a TemplateURL, with the caller's access. */
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
    String bucket;
    String key;
    if (PATH_HOST.matcher(uri.getHost()).matches()) {
      int slash = path.indexOf('/');
      bucket = slash < 0 ? path : path.substring(0, slash);
      key = slash < 0 ? "" : path.substring(slash + 1);
    } else if (virtual.matches()) {
      bucket = virtual.group(1);
      key = path;
    } else {
      throw ApiErrors.validation("TemplateURL must be a supported URL.");
    }
    Bucket b = namespace.buckets.get(bucket);
    String body = b == null || !b.owner.equals(account) ? null : b.objects.get(key);
    if (body == null) {
      throw ApiErrors.validation(
          "TemplateURL must reference a valid S3 object to which you have access.");
    }
    return body;
  }

  // ---- rules -----------------------------------------------------------------------------------

  /** The bucket, if it exists, the caller may use it and it is addressed in its own region. */
  private Bucket accessible(String bucket, String expectedOwner) {
    validName(bucket);
    Bucket b = namespace.buckets.get(bucket);
    if (b == null) {
      throw new CloudException("NoSuchBucket", "The specified bucket does not exist", false);
    }
    if (!b.owner.equals(account) || (expectedOwner != null && !expectedOwner.equals(b.owner))) {
      throw error("AccessDenied", "Access Denied");
    }
    if (!b.region.equals(region)) {
      throw error(
          "PermanentRedirect",
          "The bucket you are attempting to access must be addressed using the specified"
              + " endpoint. Please send all future requests to this endpoint.");
    }
    return b;
  }

  private static void validName(String bucket) {
    if (bucket == null
        || !BUCKET.matcher(bucket).matches()
        || bucket.contains("..")
        || bucket.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")
        || bucket.startsWith("xn--")
        || bucket.startsWith("sthree-")
        || bucket.endsWith("-s3alias")
        || bucket.endsWith("--ol-s3")) {
      throw error("InvalidBucketName", "The specified bucket is not valid.");
    }
  }

  /**
   * Checks a policy document as PutBucketPolicy does (JSON, statements, resources within the
   * bucket) and tells whether it grants public access: an Allow to every principal ("*") with no
   * condition.
   */
  private static boolean checkPolicy(Bucket b, String policy) {
    JsonNode doc;
    try {
      doc = JSON.readTree(policy);
    } catch (JsonProcessingException e) {
      throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
    }
    if (doc == null || !doc.isObject() || !doc.has("Statement")) {
      throw malformedPolicy("Missing required field Statement");
    }
    JsonNode statements = doc.get("Statement");
    List<JsonNode> list = new ArrayList<>();
    if (statements.isArray()) {
      statements.forEach(list::add);
    } else {
      list.add(statements);
    }
    boolean isPublic = false;
    for (JsonNode s : list) {
      String effect = s.path("Effect").asText();
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        throw malformedPolicy("Invalid effect: " + effect);
      }
      if (!s.has("Principal") || !s.has("Action") || !s.has("Resource")) {
        throw malformedPolicy("Missing required field Principal, Action or Resource");
      }
      for (JsonNode r :
          s.get("Resource").isArray() ? s.get("Resource") : List.of(s.get("Resource"))) {
        if (!r.asText().matches("arn:aws[a-z-]*:s3:::" + Pattern.quote(b.name) + "(/.*)?")) {
          throw malformedPolicy("Policy has invalid resource");
        }
      }
      JsonNode principal = s.get("Principal");
      boolean everyone =
          principal.asText().equals("*") || principal.path("AWS").asText().equals("*");
      if (effect.equals("Allow") && everyone && !s.has("Condition")) {
        isPublic = true;
      }
    }
    return isPublic;
  }

  private static CloudException malformedPolicy(String message) {
    return error("MalformedPolicy", message);
  }

  private static CloudException malformedXml() {
    return error(
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published"
            + " schema");
  }

  private static CloudException error(String code, String message) {
    return new CloudException(code, message, false);
  }
}
