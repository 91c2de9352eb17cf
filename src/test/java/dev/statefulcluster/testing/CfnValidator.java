package dev.statefulcluster.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statefulcluster.testing.Diagnostic.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;

/**
 * AWS's offline CloudFormation validator ({@code @aws/cloudformation-validate}, run by {@code
 * tools/cfn-validate/validate.mjs}) as a test utility. Building its engine costs seconds, so one
 * Node process is started on first use and shared by every test of the JVM; each validation is one
 * request/response line over its stdin/stdout. Thread-safe: requests are serialised.
 *
 * <p>The validator must be installed ({@code tools/cfn-validate/install.sh}); when it is not, every
 * validation fails with a message saying so. {@code -Dcfn.validate.skip=true} turns the checks off
 * locally: {@link #shared()} then aborts the calling test, which JUnit reports as skipped.
 */
public final class CfnValidator implements AutoCloseable {

  /** Set to {@code true} to skip validator checks (reported as skipped tests). */
  public static final String SKIP_PROPERTY = "cfn.validate.skip";

  /** The Node.js executable; {@code node} from the PATH when unset. */
  public static final String NODE_PROPERTY = "cfn.validate.node";

  static final Path TOOL = Path.of("tools", "cfn-validate");
  static final Path PACKAGE_PROBE =
      Path.of(
          "node_modules",
          "aws-cdk-lib",
          "node_modules",
          "@aws",
          "cloudformation-validate",
          "package.json");
  private static final String INSTALL_HINT = "run tools/cfn-validate/install.sh (needs Node 20+)";
  private static final String SKIP_HINT = "or pass -D" + SKIP_PROPERTY + "=true to skip locally";
  private static final String FIX = "%s.%nTo fix: %s, " + SKIP_HINT;
  // Generous: the first answer includes building the engine, seconds on a busy CI machine.
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

  private static CfnValidator shared;
  private static boolean skipAnnounced;

  private final Path toolDir;
  private final String node;
  private final ObjectMapper json = new ObjectMapper();
  private ValidatorProcess process;
  private String startFailure;
  private boolean answeredOnce;
  private long lastId;

  /** A validator using {@code validate.mjs} in {@code toolDir}, run by the {@code node} command. */
  CfnValidator(Path toolDir, String node) {
    this.toolDir = toolDir.toAbsolutePath();
    this.node = node;
  }

  /**
   * The validator shared by all tests of this JVM, found by walking up from the working directory
   * to {@code tools/cfn-validate}. Aborts the calling test when {@code -Dcfn.validate.skip=true}.
   */
  public static synchronized CfnValidator shared() {
    if (Boolean.getBoolean(SKIP_PROPERTY)) {
      String reason = "AWS CloudFormation validator checks SKIPPED (-D" + SKIP_PROPERTY + "=true)";
      if (!skipAnnounced) {
        System.err.println("WARNING: " + reason);
        skipAnnounced = true;
      }
      Assumptions.abort(reason);
    }
    if (shared == null) {
      CfnValidator validator =
          new CfnValidator(
              findToolDir(Path.of("").toAbsolutePath()), System.getProperty(NODE_PROPERTY, "node"));
      Runtime.getRuntime().addShutdownHook(new Thread(validator::close, "cfn-validate-shutdown"));
      shared = validator;
    }
    return shared;
  }

  public ValidationReport validate(Path template) {
    return validate(template, Options.DEFAULT);
  }

  public ValidationReport validate(Path template, Options options) {
    if (!Files.isRegularFile(template)) {
      throw new IllegalArgumentException(
          "cannot validate %s: no such file (resolved to %s)"
              .formatted(template, template.toAbsolutePath()));
    }
    ObjectNode request = request(options).put("file", template.toAbsolutePath().toString());
    return exchange(template.toString(), request);
  }

  /** Validates template text (JSON or YAML) held in memory; {@code name} labels the report. */
  public ValidationReport validateBody(String name, String templateBody) {
    return validateBody(name, templateBody, Options.DEFAULT);
  }

  public ValidationReport validateBody(String name, String templateBody, Options options) {
    ObjectNode request = request(options).put("name", name).put("content", templateBody);
    return exchange(name, request);
  }

  /** Stops the Node process; a later validation starts a new one. */
  @Override
  public synchronized void close() {
    if (process != null) {
      process.close();
      process = null;
    }
  }

  /** Kills the Node process as a crash would, to prove the next validation recovers. */
  synchronized void killProcess() {
    if (process != null) {
      process.kill();
    }
  }

  private ObjectNode request(Options options) {
    ObjectNode request = json.createObjectNode().put("severity", options.threshold().name());
    ObjectNode parameters = request.putObject("parameters");
    options.parameters().forEach(parameters::put);
    if (options.region() != null) {
      request.put("region", options.region());
    }
    return request;
  }

  private synchronized ValidationReport exchange(String label, ObjectNode request) {
    ensureRunning();
    long id = ++lastId;
    request.put("id", id);
    String answer;
    try {
      answer = process.exchange(request.toString(), ANSWER_TIMEOUT); // JsonNode.toString is JSON
    } catch (IllegalStateException e) {
      process.kill();
      process = null;
      if (!answeredOnce) {
        // Dying before its first answer means it cannot start (bad install, old Node): say so
        // once and fail fast afterwards instead of paying the start-up for every test.
        startFailure = "the CloudFormation validator did not start: " + e.getMessage();
        throw new IllegalStateException(FIX.formatted(startFailure, INSTALL_HINT), e);
      }
      throw new IllegalStateException("validating " + label + ": " + e.getMessage(), e);
    }
    answeredOnce = true;
    return parse(label, id, answer);
  }

  private void ensureRunning() {
    if (startFailure != null) {
      throw new IllegalStateException(FIX.formatted(startFailure, INSTALL_HINT));
    }
    if (process != null && process.isAlive()) {
      return;
    }
    Path script = toolDir.resolve("validate.mjs");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(
          "the CloudFormation validator script " + script + " is missing");
    }
    if (!Files.isRegularFile(toolDir.resolve(PACKAGE_PROBE))) {
      String problem = "the CloudFormation validator is not installed: %s is missing";
      throw new IllegalStateException(
          FIX.formatted(problem.formatted(toolDir.resolve(PACKAGE_PROBE)), INSTALL_HINT));
    }
    if (isStale()) {
      String problem = "the CloudFormation validator in %s does not match package-lock.json";
      throw new IllegalStateException(
          FIX.formatted(problem.formatted(toolDir.resolve("node_modules")), INSTALL_HINT));
    }
    try {
      process = ValidatorProcess.start(List.of(node, script.toString()), toolDir);
    } catch (IOException e) {
      String problem = "cannot run Node.js as '%s' (%s)".formatted(node, e.getMessage());
      String fix = "install Node.js 20+ on the PATH or pass -D" + NODE_PROPERTY + "=/path/to/node";
      throw new IllegalStateException(FIX.formatted(problem, fix), e);
    }
  }

  /** install.sh stamps node_modules with the lock it installed; a different lock means stale. */
  private boolean isStale() {
    Path stamp = toolDir.resolve("node_modules/.installed-package-lock.json");
    Path lock = toolDir.resolve("package-lock.json");
    try {
      return Files.isRegularFile(stamp)
          && Files.isRegularFile(lock)
          && Files.mismatch(stamp, lock) != -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ValidationReport parse(String label, long id, String answer) {
    JsonNode response;
    try {
      response = json.readTree(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the validator answered " + label + " with a non-JSON line: " + answer, e);
    }
    if (response.path("id").asLong(-1) != id) {
      throw new IllegalStateException(
          "the validator answered request " + response.path("id") + ", expected " + id);
    }
    if (response.has("error")) {
      if (response.path("restart").asBoolean()) {
        // The WebAssembly instance trapped and the script is exiting; the next call starts afresh.
        process.kill();
        process = null;
      }
      throw new IllegalStateException(
          "the validator could not check " + label + ": " + response.get("error").asText());
    }
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (JsonNode d : response.path("diagnostics")) {
      diagnostics.add(
          new Diagnostic(
              Severity.valueOf(d.path("severity").asText()),
              d.path("ruleId").asText(),
              d.path("message").asText(),
              d.path("logicalId").asText(null),
              d.path("resourceType").asText(null),
              d.path("propertyPath").asText(null),
              d.path("line").asInt(0)));
    }
    return new ValidationReport(label, response.path("status").asText(), diagnostics);
  }

  static Path findToolDir(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(TOOL).resolve("validate.mjs"))) {
        return dir.resolve(TOOL);
      }
    }
    String problem = "cannot find %s in %s or any parent; run the tests from the checkout, ";
    throw new IllegalStateException(
        problem.formatted(TOOL.resolve("validate.mjs"), start) + SKIP_HINT);
  }

  /** What to report and how to resolve the template. {@code region} null: every region. */
  public record Options(Severity threshold, Map<String, String> parameters, String region) {

    /** WARN and above, parameter defaults, every region. */
    public static final Options DEFAULT = new Options(Severity.WARN, Map.of(), null);

    public Options {
      Objects.requireNonNull(threshold, "threshold");
      parameters = Map.copyOf(parameters);
    }

    public Options withThreshold(Severity threshold) {
      return new Options(threshold, parameters, region);
    }

    /** Values used instead of the parameters' defaults, by parameter logical id. */
    public Options withParameters(Map<String, String> parameters) {
      return new Options(threshold, parameters, region);
    }

    /** The value of {@code AWS::Region}; also scopes region-dependent checks. */
    public Options withRegion(String region) {
      return new Options(threshold, parameters, region);
    }
  }
}
