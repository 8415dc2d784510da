package dev.weir.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.config.WeirConfig;
import dev.weir.testkafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Counting per key through a repartition topic equals a reference computed from the input, for
 * both guarantees and both state backends, on a real broker.
 */
class CountingIT {

  @TempDir Path stateDir;

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource({
    "rocksdb, exactly_once",
    "rocksdb, at_least_once",
    "in-memory, exactly_once",
    "in-memory, at_least_once"
  })
  void countsEqualTheReference(String backend, String guarantee) throws Exception {
    String input = TestKafka.unique("users");
    String output = TestKafka.unique("counts");
    TestKafka.createTopics(4, input, output);
    List<ProducerRecord<byte[], byte[]>> records = CountingPipelines.input(input, 37, 3000, 0);
    TestKafka.produce(records);

    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", TestKafka.unique("counting"))
            .set("bootstrap.servers", TestKafka.bootstrap())
            .set("state.backend", backend)
            .set("processing.guarantee", guarantee)
            .set("num.threads", "2")
            .set("state.dir", stateDir.toString())
            .build();
    try (Worker worker = Worker.start(CountingPipelines.counter(input, output), config)) {
      List<ConsumerRecord<byte[], byte[]>> result =
          TestKafka.readUntil(output, Duration.ofSeconds(90), read -> read.size() >= records.size());
      Map<String, List<Long>> counts = CountingPipelines.countsByUser(result);
      Map<String, Long> expected = CountingPipelines.reference(records);

      assertThat(result).hasSize(records.size());
      assertThat(counts.keySet()).isEqualTo(expected.keySet());
      expected.forEach(
          (user, n) ->
              assertThat(counts.get(user))
                  .as("counts of %s", user)
                  .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList()));
      assertThat(worker.status()).isEqualTo(Worker.Status.RUNNING);
    }
  }
}
