package dev.weir.bench.jobs;

import java.io.PrintStream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * Tells the benchmark runner when a contender read its first input record: the first call of the
 * input deserializer prints {@code FIRST_RECORD <epoch ms>} on standard output. The runner measures
 * throughput from that moment, so JVM start, group join and topic creation are not counted.
 *
 * <p>Per record this costs one read of a volatile boolean.
 */
public final class FirstRecord {

  /** The line prefix the runner looks for. */
  public static final String MARKER = "FIRST_RECORD ";

  private static volatile boolean seen;
  private static volatile PrintStream out = System.out;

  private FirstRecord() {}

  /** Wraps {@code serde} so that its deserializer marks the first record. */
  public static <T> Serde<T> marking(Serde<T> serde) {
    Deserializer<T> inner = serde.deserializer();
    Deserializer<T> marking =
        new Deserializer<>() {
          @Override
          public T deserialize(String topic, byte[] data) {
            if (!seen) {
              mark();
            }
            return inner.deserialize(topic, data);
          }

          @Override
          public T deserialize(String topic, Headers headers, byte[] data) {
            if (!seen) {
              mark();
            }
            return inner.deserialize(topic, headers, data);
          }
        };
    return BenchSerdes.of(serde.serializer(), marking);
  }

  /** Marks the first record now, if not marked yet (the raw pipe calls it on its first poll). */
  public static synchronized void mark() {
    if (!seen) {
      seen = true;
      out.println(MARKER + System.currentTimeMillis());
      out.flush();
    }
  }
}
