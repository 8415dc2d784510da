package dev.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Click events for the examples' tests, and the checks on click counts. */
final class Clicks {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Event times start at the test's start: output records carry them, and a broker deletes
   * records older than its retention (7 days) at its first retention check.
   */
  private static final long START = System.currentTimeMillis();

  private Clicks() {}

  /** Click {@code i} of a run over {@code users} users, as the JSON the example reads. */
  static ProducerRecord<byte[], byte[]> click(String topic, int i, int users) {
    String user = Integer.toString(1000 + (int) (i * 7919L % users));
    String json =
        "{\"user_id\":\""
            + user
            + "\",\"action\":\"click\",\"timestamp\":\""
            + Instant.ofEpochMilli(START + i * 10L)
            + "\",\"page\":\"/products/"
            + (i % 13)
            + "\"}";
    return new ProducerRecord<>(topic, utf8("page-" + (i % 13)), utf8(json));
  }

  static List<ProducerRecord<byte[], byte[]>> clicks(String topic, int from, int count, int users) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      records.add(click(topic, i, users));
    }
    return records;
  }

  static String userOf(ProducerRecord<byte[], byte[]> click) {
    return read(click.value()).get("user_id").asText();
  }

  /**
   * Asserts the output is exactly once: every user's counts are 1, 2, ..., n in order, with n
   * the user's number of clicks in the input, and every output's key is its user.
   */
  static void assertExactlyOnce(
      List<ConsumerRecord<byte[], byte[]>> output, List<ProducerRecord<byte[], byte[]>> input) {
    Map<String, Long> expected = new HashMap<>();
    input.forEach(click -> expected.merge(userOf(click), 1L, Long::sum));
    Map<String, List<Long>> counts = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : output) {
      JsonNode value = read(record.value());
      String user = value.get("user_id").asText();
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(user);
      counts.computeIfAbsent(user, u -> new ArrayList<>()).add(value.get("count").asLong());
    }
    assertThat(counts.keySet()).isEqualTo(expected.keySet());
    expected.forEach(
        (user, n) ->
            assertThat(counts.get(user))
                .as("counts of user %s", user)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList()));
    assertThat(output).hasSize(input.size());
  }

  static JsonNode read(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
