package dev.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.config.WeirConfig;
import dev.weir.internal.runtime.errors.RecordErrorHandler;
import dev.weir.runtime.Worker;
import dev.weir.testkafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The click counter on a real broker, with poison input mixed in. */
class ClickCounterIT {

  @TempDir Path stateDir;

  @Test
  void poisonGoesToTheDeadLetterTopicAndGoodClicksAreCountedOnce() throws Exception {
    String applicationId = TestKafka.unique("click-counter-poison");
    String input = TestKafka.unique("clicks");
    String output = TestKafka.unique("click-counts");
    TestKafka.createTopics(4, input, output);

    List<ProducerRecord<byte[], byte[]>> good = Clicks.clicks(input, 0, 2000, 25);
    List<String> bad =
        List.of(
            "{\"user_id\":\"1\",\"action\":",
            "not json at all",
            "",
            "[1,2,3]",
            "{\"action\":\"click\",\"page\":\"/no-user\"}");
    List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>(good);
    for (int i = 0; i < bad.size(); i++) {
      all.add(300 * (i + 1), new ProducerRecord<>(input, Clicks.utf8("bad-" + i), Clicks.utf8(bad.get(i))));
    }
    TestKafka.produce(all);

    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", applicationId)
            .set("bootstrap.servers", TestKafka.bootstrap())
            .set("state.dir", stateDir.toString())
            .build();
    try (Worker worker = Worker.start(ClickCounter.pipeline(input, output), config)) {
      List<ConsumerRecord<byte[], byte[]>> counts =
          TestKafka.readUntil(output, Duration.ofSeconds(90), read -> read.size() >= good.size());
      List<ConsumerRecord<byte[], byte[]>> letters =
          TestKafka.readUntil(
              applicationId + "-dlq", Duration.ofSeconds(30), read -> read.size() >= bad.size());

      Clicks.assertExactlyOnce(counts, good);
      assertThat(letters).hasSize(bad.size());
      assertThat(letters.stream().map(letter -> text(letter.value())))
          .containsExactlyInAnyOrderElementsOf(bad);
      for (ConsumerRecord<byte[], byte[]> letter : letters) {
        String value = text(letter.value());
        assertThat(header(letter, RecordErrorHandler.SOURCE_TOPIC)).isEqualTo(input);
        assertThat(text(letter.key())).startsWith("bad-");
        assertThat(header(letter, RecordErrorHandler.SOURCE_PARTITION)).matches("[0-3]");
        assertThat(header(letter, RecordErrorHandler.SOURCE_OFFSET)).matches("\\d+");
        assertThat(header(letter, RecordErrorHandler.SOURCE_TIMESTAMP)).matches("\\d+");
        assertThat(header(letter, RecordErrorHandler.TASK)).matches("0_[0-3]");
        if (value.contains("/no-user")) {
          // Parsed fine, but has no user to key by.
          assertThat(header(letter, RecordErrorHandler.OPERATOR)).isEqualTo("clicks-by-user");
          assertThat(header(letter, RecordErrorHandler.EXCEPTION_MESSAGE)).contains("null");
        } else {
          assertThat(header(letter, RecordErrorHandler.OPERATOR)).isEqualTo("clicks");
          assertThat(header(letter, RecordErrorHandler.EXCEPTION_CLASS))
              .isEqualTo(SerializationException.class.getName());
          assertThat(header(letter, RecordErrorHandler.EXCEPTION_MESSAGE)).contains("ClickEvent");
        }
      }
      // Nothing is counted twice after the letters: the output holds exactly the good clicks.
      assertThat(TestKafka.readAll(output)).hasSize(good.size());
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return text(record.headers().lastHeader(name).value());
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
