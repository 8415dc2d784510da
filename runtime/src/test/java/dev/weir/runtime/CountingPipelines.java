package dev.weir.runtime;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.Pipeline;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.time.WatermarkStrategy;
import dev.weir.serde.Serdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;

/**
 * A per-user counter for the runtime's integration tests: input values are user ids (record keys
 * are arbitrary), output is each user's running count, keyed by user.
 */
final class CountingPipelines {

  static final ValueStateDescriptor<Long> COUNT = StateDescriptor.value("count", Serdes.longs());

  private CountingPipelines() {}

  static Pipeline counter(String input, String output) {
    return counter(input, output, WatermarkStrategy.noWatermarks());
  }

  /** As {@link #counter(String, String)}, with event time from the record timestamps. */
  static Pipeline counter(String input, String output, WatermarkStrategy<String> watermarks) {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .source(
            KafkaSource.of(input, Serdes.bytes(), Serdes.string())
                .named("users")
                .withWatermarks(watermarks))
        .filter(user -> !user.isBlank())
        .keyBy(user -> user, Serdes.string())
        .process("count", Counter::new, COUNT)
        .sinkTo(KafkaSink.of(output, Serdes.string(), Serdes.longs()));
    return pipeline;
  }

  static final class Counter extends KeyedProcessFunction<String, String, Long> {
    private ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
      count = context.state(COUNT);
    }

    @Override
    public void processElement(String user, Context<String> context, Collector<Long> out) {
      if (user.startsWith("boom")) {
        throw new IllegalStateException("user function refused " + user);
      }
      Long current = count.value();
      long next = current == null ? 1 : current + 1;
      count.update(next);
      out.collect(next);
    }
  }

  /** {@code count} records for users {@code user-0..users-1}, round robin, with keys that do not follow the user. */
  static List<ProducerRecord<byte[], byte[]>> input(String topic, int users, int count, int from) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String user = "user-" + (i * 7919L % users);
      records.add(
          new ProducerRecord<>(
              topic, utf8("k" + i), utf8(user)));
    }
    return records;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Each user's counts in the order they were written. */
  static Map<String, List<Long>> countsByUser(List<ConsumerRecord<byte[], byte[]>> output) {
    Map<String, List<Long>> counts = new HashMap<>();
    try (LongDeserializer longs = new LongDeserializer()) {
      for (ConsumerRecord<byte[], byte[]> record : output) {
        counts
            .computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), u -> new ArrayList<>())
            .add(longs.deserialize(record.topic(), record.value()));
      }
    }
    return counts;
  }

  /** How many records each user has in {@code input}. */
  static Map<String, Long> reference(List<ProducerRecord<byte[], byte[]>> input) {
    Map<String, Long> expected = new HashMap<>();
    for (ProducerRecord<byte[], byte[]> record : input) {
      expected.merge(new String(record.value(), StandardCharsets.UTF_8), 1L, Long::sum);
    }
    return expected;
  }
}
