package dev.weir.bench.jobs;

import dev.weir.serde.Serdes;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serdes every contender uses: Weir's own ({@link Serdes}), handed to Kafka Streams and to the
 * raw pipe as plain Kafka serdes, so no contender gets a faster or slower codec.
 */
public final class BenchSerdes {

  /** Input values; the first deserialized record marks the start of processing. */
  public static final Serde<Click> CLICK = FirstRecord.marking(Serdes.json(Click.class));

  public static final Serde<ClickView> CLICK_VIEW = Serdes.json(ClickView.class);
  public static final Serde<KeyCount> KEY_COUNT = Serdes.json(KeyCount.class);
  public static final Serde<WindowCount> WINDOW_COUNT = Serdes.json(WindowCount.class);
  public static final Serde<String> STRING = Serdes.string();
  public static final Serde<Long> LONG = Serdes.longs();

  private BenchSerdes() {}

  /** A serde whose deserializer is {@code deserializer} and whose serializer is {@code serde}'s. */
  static <T> Serde<T> of(Serializer<T> serializer, Deserializer<T> deserializer) {
    return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
  }
}
