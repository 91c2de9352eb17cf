package dev.statefulcluster.cloud.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A local HTTP server that answers the SDK with canned AWS wire responses, in order, and keeps
 * every request it got so that tests can check what the SDK sent. The canned bodies live in {@code
 * src/test/resources/aws-wire/}, in the shape of the AWS API reference examples.
 */
final class AwsStub implements AutoCloseable {

  /**
   * One request as the stub received it; {@code query} is the raw query string (S3's REST calls
   * name their subresource there: {@code encryption}, {@code policy}…), "" for none.
   */
  record Request(
      String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The AWS Query protocol parameters: the form-urlencoded body of a POST. */
    Map<String, String> params() {
      Map<String, String> params = new LinkedHashMap<>();
      String text = bodyText();
      if (text.isEmpty()) {
        return params;
      }
      for (String pair : text.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        params.put(
            URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
      return params;
    }

    String param(String name) {
      return params().get(name);
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private record Reply(int status, String body, Map<String, String> headers) {
    Reply(int status, String body) {
      this(status, body, Map.of());
    }
  }

  private final HttpServer server;
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();

  private AwsStub(HttpServer server) {
    this.server = server;
  }

  static AwsStub start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      AwsStub stub = new AwsStub(server);
      server.createContext("/", stub::handle);
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Static fake credentials: tests never read ambient AWS configuration. */
  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(
            "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  }

  /** A cloud talking to this stub, in region eu-west-1, with no SDK retries. */
  AwsCloud cloud() {
    return AwsCloud.create(credentials(), "eu-west-1", endpoint());
  }

  /** A cloud talking to this stub with the SDK retries of production, tried again at once. */
  AwsCloud retryingCloud() {
    return AwsCloud.createRetrying(credentials(), "eu-west-1", endpoint());
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Queues the wire file {@code aws-wire/<name>} as the next answer, with HTTP 200. */
  AwsStub reply(String name) {
    return reply(200, name);
  }

  /** Queues the wire file {@code aws-wire/<name>} as the next answer, with the given status. */
  synchronized AwsStub reply(int status, String name) {
    replies.add(new Reply(status, wire(name)));
    return this;
  }

  /** Queues a literal body. */
  synchronized AwsStub replyBody(int status, String body) {
    replies.add(new Reply(status, body));
    return this;
  }

  /** Queues a literal body with extra response headers (S3 answers some calls in headers). */
  synchronized AwsStub replyBody(int status, String body, Map<String, String> headers) {
    replies.add(new Reply(status, body, headers));
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized Request onlyRequest() {
    if (requests.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + requests.size());
    }
    return requests.get(0);
  }

  static String wire(String name) {
    try (InputStream in = AwsStub.class.getResourceAsStream("/aws-wire/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource aws-wire/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Reply reply;
    synchronized (this) {
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery() == null
                  ? ""
                  : exchange.getRequestURI().getRawQuery(),
              Map.copyOf(exchange.getRequestHeaders()),
              body));
      reply = replies.poll();
    }
    if (reply == null) {
      // A test that forgot a reply fails loudly instead of hanging.
      reply =
          new Reply(
              500,
              "<ErrorResponse><Error><Type>Receiver</Type><Code>StubExhausted</Code>"
                  + "<Message>no reply queued</Message></Error></ErrorResponse>");
    }
    byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
    exchange.getResponseHeaders().add("x-amzn-RequestId", "7b7e3b1f-0000-4000-8000-000000000000");
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      exchange.getResponseBody().write(out);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
