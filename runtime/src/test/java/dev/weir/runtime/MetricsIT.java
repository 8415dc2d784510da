package dev.weir.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.time.WatermarkStrategy;
import dev.weir.config.WeirConfig;
import dev.weir.internal.runtime.health.HealthServer;
import dev.weir.testkafka.TestKafka;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's meters, read the way an operator reads them (through the platform MBean server,
 * as JConsole does), move as a pipeline runs on a real broker; and its health answers a
 * supervisor over HTTP.
 */
class MetricsIT {

  private static final int RECORDS = 600;
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  @TempDir Path stateDir;

  @Test
  void metersMoveOverJmx() throws Exception {
    String input = TestKafka.unique("users");
    String output = TestKafka.unique("counts");
    TestKafka.createTopics(2, input, output);
    List<ProducerRecord<byte[], byte[]>> records =
        new ArrayList<>(CountingPipelines.input(input, 17, RECORDS, 0));
    // Fails in the counter: dead-lettered (the default errors.handler).
    records.add(
        new ProducerRecord<>(input, CountingPipelines.utf8("k"), CountingPipelines.utf8("boom-1")));
    TestKafka.produce(records);

    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", TestKafka.unique("metrics"))
            .set("bootstrap.servers", TestKafka.bootstrap())
            .set("state.backend", "rocksdb")
            .set("processing.guarantee", "exactly_once")
            .set("state.dir", stateDir.toString())
            .build();
    Worker worker =
        Worker.start(
            CountingPipelines.counter(
                input, output, WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(1))),
            config);
    String instance = worker.instanceId();
    try {
      TestKafka.readUntil(output, Duration.ofSeconds(30), read -> read.size() >= RECORDS);

      // Every record goes through two stages: the source stage writes it to the repartition
      // topic, the counting stage reads it from there and writes its count to the output. The
      // repartition topic also carries the source tasks' watermarks, which count as consumed.
      eventually(() -> sum("recordsProduced", instance, "Count") == 2 * RECORDS + 1);
      assertThat(sum("recordsConsumed", instance, "Count")).isGreaterThanOrEqualTo(2 * RECORDS + 2);
      assertThat(sum("recordsProcessed", instance, "Count"))
          .isEqualTo(sum("recordsConsumed", instance, "Count"));
      eventually(() -> sum("recordsDeadLettered", instance, "Count") == 1);
      assertThat(sum("commits", instance, "Count")).isPositive();
      assertThat(sum("commitLatency", instance, "Count")).isPositive();
      assertThat(sum("commitFailures", instance, "Count")).isZero();
      assertThat(sum("processLatency", instance, "Count")).isPositive();
      assertThat(attribute(names("processLatency", instance).get(0), "99thPercentile"))
          .isNotNull();
      assertThat(sum("rebalances", instance, "Count")).isGreaterThanOrEqualTo(1);
      assertThat(sum("rebalanceTime", instance, "Count")).isGreaterThanOrEqualTo(1);

      // One watermark per task (2 source tasks, 2 counting tasks), a recent epoch-ms value.
      List<ObjectName> watermarks = names("watermark", instance);
      assertThat(watermarks).hasSize(4).allMatch(name -> name.toString().contains(".task."));
      long now = System.currentTimeMillis();
      eventually(() -> values("watermark", instance).stream().allMatch(v -> v > now - 120_000));
      assertThat(values("watermarkLag", instance))
          .hasSize(4)
          .allMatch(lag -> lag >= 0 && lag < 120_000);

      // The counting tasks restored (nothing) and keep state on disk.
      assertThat(values("restoreRecordsRemaining", instance)).containsExactly(0.0, 0.0);
      eventually(() -> values("stateSizeBytes", instance).stream().anyMatch(size -> size > 0));
      // Block cache usage: present for a RocksDB worker; small stores may not have charged it yet.
      // (one per instance, so the instance is its last tag)
      List<ObjectName> memory = new ArrayList<>();
      for (ObjectName name : JMX.queryNames(new ObjectName("weir:*"), null)) {
        if (name.getKeyProperty("name").startsWith("rocksdbMemoryBytes.")
            && name.getKeyProperty("name").endsWith(".instance." + instance)) {
          memory.add(name);
        }
      }
      assertThat(memory).singleElement().satisfies(
          name -> assertThat(((Number) attribute(name, "Value")).doubleValue())
              .isGreaterThanOrEqualTo(0.0));

      // Input and repartition partitions, all caught up.
      eventually(
          () -> {
            List<Double> lags = values("consumerLag", instance);
            return lags.size() == 4 && lags.stream().allMatch(lag -> lag == 0);
          });
    } finally {
      worker.close();
    }
    assertThat(names("", instance)).as("MBeans left after close").isEmpty();
  }

  @Test
  void healthFollowsTheWorker() throws Exception {
    String input = TestKafka.unique("users");
    String output = TestKafka.unique("counts");
    TestKafka.createTopics(2, input, output);
    TestKafka.produce(CountingPipelines.input(input, 5, 50, 0));
    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", TestKafka.unique("health"))
            .set("bootstrap.servers", TestKafka.bootstrap())
            .set("errors.handler", "fail")
            .set("state.dir", stateDir.toString())
            .build();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Worker worker = Worker.start(CountingPipelines.counter(input, output), config, meters);
    int port;
    try {
      // Joining the group takes a few round trips at least.
      assertThat(worker.isReady()).as("ready before joining the group").isFalse();
      assertThat(worker.isLive()).isTrue();
      port = worker.startHealthEndpoint(0);
      assertThatThrownBy(() -> worker.startHealthEndpoint(0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already runs on port " + port);

      eventually(worker::isReady);
      assertThat(get(port, "/health/ready")).isEqualTo("200 ready");
      assertThat(get(port, "/health/live")).isEqualTo("200 live");
      assertThat(get(port, "/health/nothing")).startsWith("404 not found");
      TestKafka.readUntil(output, Duration.ofSeconds(30), read -> read.size() >= 50);
      assertThat(taskMeters(meters)).as("task gauges of running tasks").isNotEmpty();
      assertThat(names("", worker.instanceId()))
          .as("a worker given a registry makes no MBeans")
          .isEmpty();

      // Under errors.handler=fail a failing record stops the worker: a supervisor sees it.
      TestKafka.produce(
          List.of(
              new ProducerRecord<>(
                  input, CountingPipelines.utf8("k"), CountingPipelines.utf8("boom-2"))));
      eventually(() -> worker.status() == Worker.Status.FAILED);
      assertThat(worker.isLive()).isFalse();
      assertThat(worker.isReady()).isFalse();
      assertThat(get(port, "/health/live")).isEqualTo("503 not live: worker failed");
      assertThat(get(port, "/health/ready")).isEqualTo("503 not ready: worker failed");
      assertThat(taskMeters(meters)).as("task gauges after the tasks closed").isEmpty();
    } finally {
      worker.close();
    }
    assertThat(worker.isLive()).isFalse();
    assertThatThrownBy(() -> get(port, "/health/live"))
        .as("the endpoint closes with the worker")
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void healthAndPrometheusMetricsServedFromConfig() throws Exception {
    String input = TestKafka.unique("users");
    String output = TestKafka.unique("counts");
    TestKafka.createTopics(2, input, output);
    TestKafka.produce(CountingPipelines.input(input, 5, 40, 0));
    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", TestKafka.unique("prometheus"))
            .set("bootstrap.servers", TestKafka.bootstrap())
            .set("state.dir", stateDir.toString())
            .set("health.port", "0")
            .set("metrics.prometheus", "true")
            .build();
    try (Worker worker = Worker.start(CountingPipelines.counter(input, output), config)) {
      int port = worker.healthPort().orElseThrow();
      TestKafka.readUntil(output, Duration.ofSeconds(30), read -> read.size() >= 40);
      eventually(() -> get(port, "/health/ready").equals("200 ready"));

      String scrape = get(port, "/metrics");
      assertThat(scrape).startsWith("200 ");
      String instance = "instance=\"" + worker.instanceId() + "\"";
      assertThat(scrape.lines().filter(line -> line.startsWith("weir_records_processed_total{")))
          .isNotEmpty()
          .allMatch(line -> line.contains(instance));
      assertThat(scrape).contains("weir_commit_latency_seconds_count{");
      // The same meters still reach JMX.
      assertThat(names("recordsProcessed", worker.instanceId())).isNotEmpty();
    }
  }

  @Test
  void standbyCopiesPublishHowFarTheyTrail() throws Exception {
    String input = TestKafka.unique("users");
    String output = TestKafka.unique("counts");
    TestKafka.createTopics(2, input, output);
    TestKafka.produce(CountingPipelines.input(input, 9, 200, 0));
    String application = TestKafka.unique("standby");
    List<Worker> workers = new ArrayList<>();
    try {
      for (String name : List.of("a", "b")) {
        workers.add(
            Worker.start(
                CountingPipelines.counter(input, output),
                WeirConfig.builder()
                    .set("application.id", application)
                    .set("bootstrap.servers", TestKafka.bootstrap())
                    .set("state.dir", stateDir.resolve(name).toString())
                    .set("num.standby.replicas", "1")
                    .build()));
      }
      TestKafka.readUntil(output, Duration.ofSeconds(60), read -> read.size() >= 200);
      // Two counting tasks over two instances: each instance runs one and follows the other's.
      for (Worker worker : workers) {
        eventually(
            () -> {
              List<Double> lags = values("standbyLag", worker.instanceId());
              return lags.size() == 1 && lags.get(0) == 0.0;
            });
      }
    } finally {
      workers.forEach(Worker::close);
    }
  }

  @Test
  void healthEndpointSaysWhyNot() throws Exception {
    try (HealthServer server =
        HealthServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Optional::empty,
            () -> Optional.of("thread app-thread-0 restoring"))) {
      int port = server.port();
      assertThat(get(port, "/health/live")).isEqualTo("200 live");
      assertThat(get(port, "/health/ready"))
          .isEqualTo("503 not ready: thread app-thread-0 restoring");
      assertThat(get(port, "/health/ready/")).startsWith("404");
      assertThat(get(port, "/")).startsWith("404");
    }
  }

  /** The meters of {@code registry} that carry a {@code task} tag. */
  private static List<Meter> taskMeters(SimpleMeterRegistry registry) {
    return registry.getMeters().stream()
        .filter(meter -> meter.getId().getTag("task") != null)
        .toList();
  }

  /**
   * The MBeans of one worker's meter: Micrometer's JMX registry names them {@code
   * weir:name=<camelCaseName>.<tag>.<value>...,type=...}, tags in key order; the worker drops the
   * {@code weir.} prefix of the meter name ({@code weir.records.processed} is {@code
   * recordsProcessed}).
   */
  private static List<ObjectName> names(String meter, String instance) throws Exception {
    List<ObjectName> found = new ArrayList<>();
    for (ObjectName name : JMX.queryNames(new ObjectName("weir:*"), null)) {
      String full = name.getKeyProperty("name");
      if ((meter.isEmpty() || full.startsWith(meter + "."))
          && full.contains(".instance." + instance + ".")) {
        found.add(name);
      }
    }
    return found;
  }

  private static Object attribute(ObjectName name, String attribute) throws Exception {
    return JMX.getAttribute(name, attribute);
  }

  private static double sum(String meter, String instance, String attribute) throws Exception {
    double total = 0;
    for (ObjectName name : names(meter, instance)) {
      total += ((Number) attribute(name, attribute)).doubleValue();
    }
    return total;
  }

  /** The values of a meter's gauges. */
  private static List<Double> values(String meter, String instance) throws Exception {
    List<Double> values = new ArrayList<>();
    for (ObjectName name : names(meter, instance)) {
      values.add(((Number) attribute(name, "Value")).doubleValue());
    }
    return values;
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  /** Waits up to 15 s (state sizes are sampled every 10 s) for {@code check} to hold. */
  private static void eventually(Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!check.holds()) {
      assertThat(System.nanoTime()).as("waited 15 s for a condition").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** {@code "<status> <body>"} of a GET on the loopback address. */
  private static String get(int port, String path) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
    connection.setConnectTimeout(2000);
    connection.setReadTimeout(2000);
    try {
      int status = connection.getResponseCode();
      var body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
      String text = new String(body.readAllBytes(), StandardCharsets.UTF_8).strip();
      return status + " " + text;
    } finally {
      connection.disconnect();
    }
  }
}
