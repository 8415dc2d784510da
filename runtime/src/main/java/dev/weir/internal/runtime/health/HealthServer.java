package dev.weir.internal.runtime.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny HTTP endpoint for a supervisor (a Kubernetes probe, systemd, a load balancer) to poll:
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 {@code live}, or 503 {@code not live: <why>};
 *   <li>{@code GET /health/ready}: 200 {@code ready}, or 503 {@code not ready: <why>};
 *   <li>any other path: 404; any method but GET and HEAD: 405.
 * </ul>
 *
 * <p>Each body is one line of plain text. The answers come from the two checks it is given, each
 * returning why the worker is not live or ready, or empty when it is; they are called on the
 * server's one daemon thread and must be safe from any thread.
 *
 * <p>It binds exactly the address it is given: pass a loopback address unless the endpoint must be
 * reachable from other hosts (it has no authentication).
 */
public final class HealthServer implements AutoCloseable {

  public static final String LIVE_PATH = "/health/live";
  public static final String READY_PATH = "/health/ready";
  public static final String METRICS_PATH = "/metrics";

  private static final Logger log = LoggerFactory.getLogger(HealthServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Supplier<Optional<String>> notLive;
  private final Supplier<Optional<String>> notReady;
  private final Supplier<String> metrics;
  private boolean closed;

  private HealthServer(
      HttpServer server,
      ExecutorService executor,
      Supplier<Optional<String>> notLive,
      Supplier<Optional<String>> notReady,
      Supplier<String> metrics) {
    this.server = server;
    this.executor = executor;
    this.notLive = notLive;
    this.notReady = notReady;
    this.metrics = metrics;
  }

  /**
   * Binds {@code address} and starts serving.
   *
   * @param notLive why the worker is not live, or empty when it is
   * @param notReady why the worker is not ready, or empty when it is
   * @throws UncheckedIOException when the address cannot be bound (for example the port is taken)
   */
  public static HealthServer start(
      InetSocketAddress address,
      Supplier<Optional<String>> notLive,
      Supplier<Optional<String>> notReady) {
    return start(address, notLive, notReady, null);
  }

  /**
   * As {@link #start(InetSocketAddress, Supplier, Supplier)}, also serving {@value #METRICS_PATH}.
   *
   * @param metrics the meters in Prometheus' text format; null to serve no metrics
   */
  public static HealthServer start(
      InetSocketAddress address,
      Supplier<Optional<String>> notLive,
      Supplier<Optional<String>> notReady,
      Supplier<String> metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot serve the health endpoint on " + address + ": " + e.getMessage()
              + ". Choose another port, or 0 for any free one.",
          e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread =
                  new Thread(runnable, "weir-health-" + server.getAddress().getPort());
              thread.setDaemon(true);
              return thread;
            });
    HealthServer health = new HealthServer(server, executor, notLive, notReady, metrics);
    server.createContext("/", health::handle);
    server.setExecutor(executor);
    server.start();
    log.info("Health endpoint on http://{}{}", hostAndPort(server.getAddress()), READY_PATH);
    return health;
  }

  /** The port the endpoint is bound to. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving and releases the port. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "method not allowed: use GET");
      } else if (path.equals(LIVE_PATH)) {
        answer(exchange, "live", notLive);
      } else if (path.equals(READY_PATH)) {
        answer(exchange, "ready", notReady);
      } else if (path.equals(METRICS_PATH) && metrics != null) {
        send(
            exchange,
            200,
            "text/plain; version=0.0.4; charset=utf-8",
            metrics.get().getBytes(StandardCharsets.UTF_8));
      } else {
        respond(exchange, 404, "not found: use " + LIVE_PATH + " or " + READY_PATH);
      }
    }
  }

  private static void answer(
      HttpExchange exchange, String what, Supplier<Optional<String>> check) throws IOException {
    Optional<String> problem;
    try {
      problem = check.get();
    } catch (RuntimeException e) {
      problem = Optional.of("check failed: " + e);
    }
    if (problem.isEmpty()) {
      respond(exchange, 200, what);
    } else {
      respond(exchange, 503, "not " + what + ": " + problem.get());
    }
  }

  private static void respond(HttpExchange exchange, int status, String line) throws IOException {
    byte[] body = (line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
    send(exchange, status, "text/plain; charset=utf-8", body);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String hostAndPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
