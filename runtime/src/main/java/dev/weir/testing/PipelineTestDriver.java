package dev.weir.testing;

import dev.weir.api.Pipeline;
import dev.weir.api.state.StateDescriptor;
import dev.weir.config.WeirConfig;
import dev.weir.config.WeirOptions;
import dev.weir.internal.runtime.errors.RecordErrorHandler;
import dev.weir.internal.runtime.plan.Plan;
import dev.weir.internal.runtime.plan.Planner;
import dev.weir.internal.runtime.plan.Stage;
import dev.weir.internal.runtime.state.Ttl;
import dev.weir.internal.runtime.task.RecordBuffer;
import dev.weir.internal.runtime.task.Task;
import dev.weir.internal.runtime.task.TaskFactory;
import dev.weir.internal.runtime.task.TaskId;
import dev.weir.internal.runtime.time.TaskTime;
import dev.weir.internal.state.InMemoryBackend;
import dev.weir.internal.state.TaskStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;

/**
 * Runs a {@link Pipeline} in this thread, without a broker: the real operators, in-memory state,
 * one task per stage. Records piped into an input go through every stage (repartition topics
 * included) before {@code send} returns; event time and processing time move only when the test
 * says so. The same inputs give the same outputs.
 *
 * <pre>{@code
 * try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
 *   TestInput<String, Click> clicks = driver.input("clicks", Serdes.string(), Serdes.json(Click.class));
 *   TestOutput<String, Long> counts = driver.output("counts", Serdes.string(), Serdes.longs());
 *   clicks.send("k", new Click("u1"), Instant.parse("2024-01-01T00:00:00Z"));
 *   driver.advanceWatermark(Instant.parse("2024-01-01T00:05:00Z"));
 *   assertThat(counts.readValues()).containsExactly(1L);
 * }
 * }</pre>
 *
 * <p>Watermarks come from the sources' watermark strategies as records arrive, like on a broker;
 * {@link #advanceWatermark} raises them by hand. Records that fail go to the dead-letter topic
 * ({@code <application.id>-dlq}, readable as an output) unless {@code errors.handler} says
 * otherwise. Not thread-safe.
 */
public final class PipelineTestDriver implements AutoCloseable {

  private static final String DEFAULT_APPLICATION_ID = "test-driver";

  private final Plan plan;
  private final ManualClock clock;
  private final InMemoryBackend backend = new InMemoryBackend();
  private final List<Task> tasks = new ArrayList<>();
  private final Map<String, Task> taskByTopic = new HashMap<>();
  private final Deque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
  private final Map<String, List<ProducerRecord<byte[], byte[]>>> outputs = new LinkedHashMap<>();
  private final RecordErrorHandler errors;
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private long nextOffset;

  private PipelineTestDriver(Pipeline pipeline, WeirConfig config, Instant start) {
    String applicationId =
        config.isSet(WeirOptions.APPLICATION_ID)
            ? config.get(WeirOptions.APPLICATION_ID)
            : DEFAULT_APPLICATION_ID;
    this.plan = Planner.plan(pipeline, applicationId);
    this.clock = new ManualClock(start.toEpochMilli());
    RecordBuffer buffer = new RecordBuffer(this::route);
    this.errors =
        new RecordErrorHandler(
            config.get(WeirOptions.ERRORS_HANDLER),
            config.isSet(WeirOptions.ERRORS_DEAD_LETTER_TOPIC)
                ? config.get(WeirOptions.ERRORS_DEAD_LETTER_TOPIC)
                : applicationId + "-dlq",
            this::route,
            meters.counter("weir.records.skipped"),
            meters.counter("weir.records.dead-lettered"));
    int[] partitions = new int[plan.stages().size()];
    java.util.Arrays.fill(partitions, 1);
    TaskFactory factory =
        new TaskFactory(
            plan,
            partitions,
            backend,
            Path.of("unused"),
            buffer,
            clock,
            (operator, metric) -> meters.counter("weir." + metric, "operator", operator)::increment,
            restored -> {});
    for (Stage stage : plan.stages()) {
      List<TopicPartition> inputs =
          stage.inputTopics().stream().map(topic -> new TopicPartition(topic, 0)).toList();
      TaskId id = new TaskId(stage.id(), 0);
      // The in-memory stores start empty: nothing to restore.
      TaskStore store = factory.stateful(id) ? factory.openStore(id) : null;
      Task task = factory.create(id, inputs, TaskTime.NONE, store, 0);
      tasks.add(task);
      stage.inputTopics().forEach(topic -> taskByTopic.put(topic, task));
    }
  }

  /** A driver with default config, starting its processing-time clock at the epoch. */
  public static PipelineTestDriver create(Pipeline pipeline) {
    return create(pipeline, WeirConfig.builder().build(), Instant.EPOCH);
  }

  /**
   * A driver with {@code config} (only {@code application.id}, {@code errors.handler} and
   * {@code errors.dead-letter.topic} matter here) and its processing-time clock at {@code start}.
   */
  public static PipelineTestDriver create(Pipeline pipeline, WeirConfig config, Instant start) {
    return new PipelineTestDriver(pipeline, config, start);
  }

  /**
   * An input of the pipeline.
   *
   * @throws IllegalArgumentException when no source of the pipeline reads {@code topic}
   */
  public <K, V> TestInput<K, V> input(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    Optional<Stage> stage = plan.stageReading(topic);
    if (stage.isEmpty() || topic.endsWith("-repartition")) {
      throw new IllegalArgumentException(
          "No source of the pipeline reads topic '" + topic + "'; its sources read "
              + plan.stages().stream()
                  .flatMap(s -> s.inputTopics().stream())
                  .filter(t -> !t.endsWith("-repartition"))
                  .toList());
    }
    return new TestInput<>(this, topic, keySerde.serializer(), valueSerde.serializer());
  }

  /** An output topic of the pipeline (or its dead-letter topic). */
  public <K, V> TestOutput<K, V> output(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    return new TestOutput<>(this, topic, keySerde.deserializer(), valueSerde.deserializer());
  }

  /**
   * Raises the watermark of every source to {@code time} (if it is not already past it), lets it
   * flow through the stages, and fires the event-time timers it passes.
   */
  public void advanceWatermark(Instant time) {
    for (Task task : tasks) {
      if (!task.partitions().get(0).topic().endsWith("-repartition")) {
        task.raiseWatermark(time.toEpochMilli());
      }
    }
    settle();
  }

  /** Moves the processing-time clock forward and fires the processing-time timers now due. */
  public void advanceProcessingTime(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("Processing time cannot go back: " + duration);
    }
    clock.advance(duration.toMillis());
    settle();
  }

  /** The processing-time clock. */
  public Instant processingTime() {
    return Instant.ofEpochMilli(clock.millis());
  }

  /**
   * The watermark of the task that reads {@code topic}; {@code Optional.empty()} before the first.
   */
  public Optional<Instant> watermark(String topic) {
    Task task = taskByTopic.get(topic);
    if (task == null || task.watermark() == TaskTime.NONE) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochMilli(task.watermark()));
  }

  /**
   * The stored value of a {@code ValueState} (or reducing state) for {@code key}; null when it
   * has none. An entry whose time to live is up stays stored until it is cleaned up, which
   * happens as time moves.
   *
   * @throws IllegalArgumentException when no operator declares {@code state}
   */
  public <K, V> V valueState(String state, K key, Serde<K> keySerde, Serde<V> valueSerde) {
    for (Stage stage : plan.stages()) {
      List<StateDescriptor<?>> states = stage.states();
      for (int i = 0; i < states.size(); i++) {
        if (states.get(i).name().equals(state)) {
          Task task = tasks.get(stage.id());
          byte[] bytes = task.stateBytes(i, keySerde.serializer().serialize(state, key));
          if (bytes != null && states.get(i).ttl().isPresent()) {
            bytes = Ttl.value(bytes);
          }
          return bytes == null ? null : valueSerde.deserializer().deserialize(state, bytes);
        }
      }
    }
    throw new IllegalArgumentException("No operator of the pipeline declares state '" + state + "'");
  }

  /** The driver's meters (late records dropped, dead letters, skipped records...). */
  public MeterRegistry meters() {
    return meters;
  }

  void pipe(String topic, byte[] key, byte[] value, long timestamp) {
    pending.add(consumerRecord(topic, key, value, timestamp, new RecordHeaders()));
    settle();
  }

  List<ProducerRecord<byte[], byte[]>> take(String topic) {
    List<ProducerRecord<byte[], byte[]>> records = outputs.remove(topic);
    return records == null ? List.of() : records;
  }

  List<ProducerRecord<byte[], byte[]>> peek(String topic) {
    return outputs.getOrDefault(topic, List.of());
  }

  /**
   * Processes until nothing moves: pending records through their tasks, then each task's time
   * and a commit (which sends watermarks downstream), again while that makes new records.
   */
  private void settle() {
    do {
      while (!pending.isEmpty()) {
        ConsumerRecord<byte[], byte[]> record = pending.removeFirst();
        taskByTopic.get(record.topic()).process(record, errors);
      }
      for (Task task : tasks) {
        task.advanceTime(clock.millis(), errors);
        if (task.hasUncommitted()) {
          task.sendChangelog(this::route);
          task.committed();
        }
      }
    } while (!pending.isEmpty());
  }

  private Future<RecordMetadata> route(ProducerRecord<byte[], byte[]> record) {
    long offset = nextOffset++;
    if (record.topic().endsWith("-changelog")) {
      // State stays in memory: the changelog has no reader here.
    } else if (taskByTopic.containsKey(record.topic())) {
      pending.add(
          consumerRecord(
              record.topic(),
              record.key(),
              record.value(),
              record.timestamp() == null ? clock.millis() : record.timestamp(),
              new RecordHeaders(record.headers().toArray())));
    } else {
      long timestamp = record.timestamp() == null ? clock.millis() : record.timestamp();
      outputs
          .computeIfAbsent(record.topic(), topic -> new ArrayList<>())
          .add(
              new ProducerRecord<>(
                  record.topic(), 0, timestamp, record.key(), record.value(), record.headers()));
    }
    return CompletableFuture.completedFuture(
        new RecordMetadata(new TopicPartition(record.topic(), 0), offset, 0, 0, 0, 0));
  }

  private ConsumerRecord<byte[], byte[]> consumerRecord(
      String topic, byte[] key, byte[] value, long timestamp, RecordHeaders headers) {
    return new ConsumerRecord<>(
        topic,
        0,
        nextOffset++,
        timestamp,
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length,
        value == null ? -1 : value.length,
        key,
        value,
        headers,
        Optional.empty());
  }

  /** Closes every task's operators and state. */
  @Override
  public void close() {
    tasks.forEach(Task::close);
    backend.close();
  }

  /** A clock that moves only when told to. */
  private static final class ManualClock implements InstantSource {
    private long millis;

    ManualClock(long millis) {
      this.millis = millis;
    }

    void advance(long by) {
      millis += by;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }
}
