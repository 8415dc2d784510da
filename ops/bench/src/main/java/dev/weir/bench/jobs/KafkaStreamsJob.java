package dev.weir.bench.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The five workloads written with the Kafka Streams 4.4 DSL, the way its documentation shows them:
 * {@code groupByKey().count()} into RocksDB stores, windowed counts that emit when a window closes
 * ({@code EmitStrategy.onWindowClose()}, the DSL's equivalent of Weir's event-time trigger), and
 * {@code groupBy} for the re-keyed count.
 *
 * <p>Settings: Kafka Streams' defaults, plus the processing guarantee ({@code exactly_once_v2} or
 * {@code at_least_once}) and commit interval of the run, a record cache of the same size as Weir's
 * write cache, and {@link ClientTuning}. One stream thread, like Weir's one processing thread.
 */
final class KafkaStreamsJob implements ContenderMain.Job {

  private final JobSpec spec;
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private KafkaStreams streams;

  KafkaStreamsJob(JobSpec spec) {
    this.spec = spec;
  }

  /** Event time from the click's {@code ts}, like Weir's timestamp assigner. */
  public static final class ClickTimestamp implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
      return record.value() instanceof Click click ? click.ts() : record.timestamp();
    }
  }

  static Topology topology(JobSpec spec) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, Click> clicks =
        builder.stream(
            spec.inputTopic(),
            Consumed.with(BenchSerdes.STRING, BenchSerdes.CLICK)
                .withTimestampExtractor(new ClickTimestamp()));
    String output = spec.outputTopic();
    switch (spec.workload()) {
      case STATELESS ->
          clicks
              .filter((user, click) -> click.kept())
              .mapValues(Click::view)
              .to(output, Produced.with(BenchSerdes.STRING, BenchSerdes.CLICK_VIEW));
      case COUNT ->
          clicks
              .groupByKey()
              .count(Materialized.with(BenchSerdes.STRING, BenchSerdes.LONG))
              .toStream()
              .mapValues((user, count) -> new KeyCount(user, count))
              .to(output, Produced.with(BenchSerdes.STRING, BenchSerdes.KEY_COUNT));
      case TUMBLING ->
          windowedCount(
              clicks,
              TimeWindows.ofSizeAndGrace(Workload.TUMBLING_SIZE, Workload.OUT_OF_ORDERNESS),
              output);
      case SLIDING ->
          windowedCount(
              clicks,
              TimeWindows.ofSizeAndGrace(Workload.SLIDING_SIZE, Workload.OUT_OF_ORDERNESS)
                  .advanceBy(Workload.SLIDING_SLIDE),
              output);
      case REPARTITION ->
          clicks
              .groupBy((user, click) -> click.page(), Grouped.with("by-page", BenchSerdes.STRING, BenchSerdes.CLICK))
              .count(Materialized.with(BenchSerdes.STRING, BenchSerdes.LONG))
              .toStream()
              .mapValues((page, count) -> new KeyCount(page, count))
              .to(output, Produced.with(BenchSerdes.STRING, BenchSerdes.KEY_COUNT));
      default -> throw new IllegalArgumentException("No Kafka Streams job for " + spec.workload());
    }
    return builder.build();
  }

  private static void windowedCount(KStream<String, Click> clicks, TimeWindows windows, String output) {
    clicks
        .groupByKey()
        .windowedBy(windows)
        .emitStrategy(EmitStrategy.onWindowClose())
        .count(Materialized.with(BenchSerdes.STRING, BenchSerdes.LONG))
        .toStream()
        .map(
            (window, count) ->
                KeyValue.pair(
                    window.key(),
                    new WindowCount(window.key(), window.window().start(), window.window().end(), count)))
        .to(output, Produced.with(BenchSerdes.STRING, BenchSerdes.WINDOW_COUNT));
  }

  Properties properties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, spec.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers());
    props.put(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        spec.guarantee().exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, spec.guarantee().commitInterval().toMillis());
    props.put(StreamsConfig.STATE_DIR_CONFIG, spec.stateDir().toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, ClientTuning.STATE_CACHE_BYTES);
    // Its minimum (the default is 10 minutes): after an instance joins, Kafka Streams moves a
    // stateful task only at a probing rebalance, once a warm-up copy caught up. Matters only to
    // the scale-out runs, whose window must see the moves.
    props.put(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG, 60_000L);
    for (Map.Entry<String, Object> e : ClientTuning.PRODUCER.entrySet()) {
      props.put(StreamsConfig.producerPrefix(e.getKey()), e.getValue());
    }
    for (Map.Entry<String, Object> e : ClientTuning.CONSUMER.entrySet()) {
      props.put(StreamsConfig.consumerPrefix(e.getKey()), e.getValue());
    }
    if (!spec.groupInstanceId().isEmpty()) {
      // Kafka Streams appends the thread's index to it.
      props.put(StreamsConfig.consumerPrefix("group.instance.id"), spec.groupInstanceId());
    }
    return props;
  }

  @Override
  public void start() {
    streams = new KafkaStreams(topology(spec), properties());
    streams.setUncaughtExceptionHandler(
        e -> {
          failure.complete(e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.start();
  }

  @Override
  public Throwable awaitFailure() throws InterruptedException {
    try {
      return failure.get();
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Override
  public void close() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(10));
    }
  }
}
