package dev.weir.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.KeyedStream;
import dev.weir.api.Pipeline;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.config.WeirConfig;
import dev.weir.serde.Serdes;
import dev.weir.testkafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source already partitioned by its record key (no repartition topic), with the keyed
 * shorthands: rolling reduce and aggregate, value mapping and flat-mapping, two sinks from one
 * stream.
 */
class KeyedOperatorsIT {

  @TempDir Path stateDir;

  /** Count and sum of amounts, for an average. */
  record Stats(long count, long sum) {}

  static final class Average implements AggregateFunction<Long, Stats, String> {
    @Override
    public Stats createAccumulator() {
      return new Stats(0, 0);
    }

    @Override
    public Stats add(Long value, Stats accumulator) {
      return new Stats(accumulator.count() + 1, accumulator.sum() + value);
    }

    @Override
    public String result(Stats accumulator) {
      return accumulator.count() + ":" + accumulator.sum();
    }
  }

  @Test
  void rollingReduceAndAggregateOnAKeyedSource() throws Exception {
    String input = TestKafka.unique("amounts");
    String totals = TestKafka.unique("totals");
    String averages = TestKafka.unique("averages");
    String applicationId = TestKafka.unique("keyed");
    TestKafka.createTopics(3, input, totals, averages);

    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    Map<String, Long> expectedTotal = new HashMap<>();
    Map<String, Long> expectedCount = new HashMap<>();
    try (StringSerializer strings = new StringSerializer();
        LongSerializer longs = new LongSerializer()) {
      for (int i = 0; i < 900; i++) {
        String account = "account-" + (i % 17);
        long amount = i % 10 == 0 ? -1 : i % 50; // negative amounts are dropped by the filter
        records.add(
            new ProducerRecord<>(input, strings.serialize(input, account), longs.serialize(input, amount)));
        if (amount >= 0) {
          expectedTotal.merge(account, amount * 2, Long::sum);
          expectedCount.merge(account, 1L, Long::sum);
        }
      }
    }
    TestKafka.produce(records);

    Pipeline pipeline = Pipeline.create();
    KeyedStream<String, Long> amounts =
        pipeline
            .keyedSource(KafkaSource.of(input, Serdes.string(), Serdes.longs()).named("amounts"))
            .filter(amount -> amount >= 0)
            .flatMapValues((Long amount, dev.weir.api.functions.Collector<Long> out) -> {
              out.collect(amount);
              out.collect(amount);
            })
            .peek(amount -> {});
    amounts
        .reduce("total", Long::sum, Serdes.longs())
        .sinkTo(KafkaSink.of(totals, Serdes.string(), Serdes.longs()));
    amounts
        .mapValues(amount -> amount)
        .aggregate("average", new Average(), Serdes.json(Stats.class))
        .sinkTo(KafkaSink.of(averages, Serdes.string(), Serdes.string()));

    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", applicationId)
            .set("bootstrap.servers", TestKafka.bootstrap())
            .set("state.dir", stateDir.toString())
            .build();
    int emitted = expectedCount.values().stream().mapToInt(Long::intValue).sum() * 2;
    try (Worker worker = Worker.start(pipeline, config)) {
      assertThat(worker.describe()).doesNotContain("-repartition");
      Map<String, Long> lastTotal = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> record :
          TestKafka.readUntil(totals, Duration.ofSeconds(60), read -> read.size() >= emitted)) {
        lastTotal.put(text(record.key()), java.nio.ByteBuffer.wrap(record.value()).getLong());
      }
      Map<String, String> lastAverage = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> record :
          TestKafka.readUntil(averages, Duration.ofSeconds(60), read -> read.size() >= emitted)) {
        lastAverage.put(text(record.key()), text(record.value()));
      }
      assertThat(lastTotal).isEqualTo(expectedTotal);
      expectedCount.forEach(
          (account, count) ->
              assertThat(lastAverage.get(account))
                  .isEqualTo((count * 2) + ":" + expectedTotal.get(account)));
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
