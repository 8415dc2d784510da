package dev.weir.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One serde instance used by several threads at once: every thread must get back exactly what it
 * wrote, including across threads (bytes written by one thread read by another), and failures in
 * one thread must not disturb the others.
 */
class ConcurrentSerdesTest {

  private static final int THREADS = 8;
  private static final int ITERATIONS = 2_000;

  record Reading(String sensor, long seq, double value, Instant at, List<String> tags) {}

  private ExecutorService pool;

  @BeforeEach
  void start() {
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * Runs {@code THREADS} threads that each round-trip {@code ITERATIONS} distinct values; each
   * thread also decodes the bytes its neighbour wrote, and every tenth value is preceded by a
   * malformed payload that must fail without affecting anything else.
   */
  private <T> void hammer(Serde<T> serde, IntFunction<T> values, byte[] malformed) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(THREADS);
    byte[][] shared = new byte[THREADS * ITERATIONS][];
    for (int i = 0; i < shared.length; i++) {
      shared[i] = serde.serializer().serialize("t", values.apply(i));
    }
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      results.add(
          pool.submit(
              () -> {
                barrier.await();
                int checked = 0;
                for (int i = 0; i < ITERATIONS; i++) {
                  int n = thread * ITERATIONS + i;
                  T value = values.apply(n);
                  if (i % 10 == 0) {
                    try {
                      serde.deserializer().deserialize("t", malformed);
                      throw new AssertionError("malformed payload was accepted");
                    } catch (SerializationException expected) {
                      // fine
                    }
                  }
                  byte[] bytes = serde.serializer().serialize("t", value);
                  assertThat(bytes).isEqualTo(shared[n]);
                  assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
                  int other = ((thread + 1) % THREADS) * ITERATIONS + i;
                  assertThat(serde.deserializer().deserialize("t", shared[other])).isEqualTo(values.apply(other));
                  checked++;
                }
                return checked;
              }));
    }
    for (Future<Integer> result : results) {
      assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(ITERATIONS);
    }
  }

  @Test
  void jsonSerdeIsThreadSafe() throws Exception {
    Instant base = Instant.parse("2024-01-01T00:00:00Z");
    hammer(
        Serdes.json(Reading.class),
        i -> new Reading("s" + (i % 13), i, i / 3.0, base.plusSeconds(i), List.of("t" + i)),
        "{\"sensor\":".getBytes());
  }

  @Test
  void avroGenericSerdeIsThreadSafe() throws Exception {
    byte[] wrongFingerprint = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
    hammer(Serdes.avroGeneric(AvroSerdeTest.ORDER), AvroSerdeTest::order, wrongFingerprint);
  }

  @Test
  void avroGenericSerdeWithSchemaEvolutionIsThreadSafe() throws Exception {
    Serde<GenericRecord> v2 = Serdes.avroGeneric(AvroSerdeTest.USER_V2, AvroSerdeTest.USER_V1);
    Serde<GenericRecord> v1 = Serdes.avroGeneric(AvroSerdeTest.USER_V1);
    CyclicBarrier barrier = new CyclicBarrier(THREADS);
    List<Future<?>> results = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      results.add(
          pool.submit(
              () -> {
                barrier.await();
                for (int i = 0; i < ITERATIONS; i++) {
                  int age = thread * ITERATIONS + i;
                  byte[] old = v1.serializer().serialize("t", AvroSerdeTest.user(AvroSerdeTest.USER_V1, "u" + age, age));
                  GenericRecord read = v2.deserializer().deserialize("t", old);
                  assertThat(read.get("age")).isEqualTo(age);
                  assertThat(read.get("name").toString()).isEqualTo("u" + age);
                  assertThat(read.get("email").toString()).isEqualTo("unknown");
                }
                return null;
              }));
    }
    for (Future<?> result : results) {
      result.get(120, TimeUnit.SECONDS);
    }
  }

  @Test
  void avroSpecificSerdeIsThreadSafe() throws Exception {
    hammer(
        Serdes.avroSpecific(SensorReading.class),
        i ->
            new SensorReading(
                "s" + i, i * 1000L, i / 7.0, i % 2 == 0 ? null : "u" + i, Quality.values()[i % 3],
                i % 5 == 0 ? null : new Location(i, -i)),
        new byte[] {'{', '}'});
  }

  @Test
  void primitiveSerdesAreThreadSafe() throws Exception {
    hammer(Serdes.longs(), i -> (long) i * 0x9E3779B97F4A7C15L, new byte[3]);
    hammer(Serdes.ints(), i -> i * 0x9E3779B9, new byte[5]);
  }
}
