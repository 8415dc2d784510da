package dev.weir.internal.windows;

import dev.weir.api.windows.GlobalWindow;
import dev.weir.api.windows.TimeWindow;
import dev.weir.api.windows.Window;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Windows as map-state keys: a time window is its start and end as 8 big-endian bytes each, with
 * the sign bit flipped so that entries sort by start as unsigned bytes (negative times included);
 * the global window is one zero byte. Stateless and thread-safe.
 */
final class WindowSerde<W extends Window> implements Serde<W>, Serializer<W>, Deserializer<W> {

  private static final WindowSerde<Window> INSTANCE = new WindowSerde<>();
  static final int TIME_WINDOW_BYTES = 16;

  private WindowSerde() {}

  @SuppressWarnings("unchecked")
  static <W extends Window> WindowSerde<W> instance() {
    return (WindowSerde<W>) INSTANCE;
  }

  @Override
  public byte[] serialize(String topic, W window) {
    if (window == null) {
      return null;
    }
    if (window instanceof TimeWindow time) {
      byte[] bytes = new byte[TIME_WINDOW_BYTES];
      Longs.putSortable(bytes, 0, time.start());
      Longs.putSortable(bytes, 8, time.end());
      return bytes;
    }
    return new byte[1];
  }

  @Override
  @SuppressWarnings("unchecked")
  public W deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length == TIME_WINDOW_BYTES) {
      return (W) new TimeWindow(Longs.getSortable(bytes, 0), Longs.getSortable(bytes, 8));
    }
    if (bytes.length == 1 && bytes[0] == 0) {
      return (W) GlobalWindow.get();
    }
    throw new SerializationException(
        "Expected a window of 16 bytes (time window) or 1 zero byte (global window) in '"
            + topic
            + "', found "
            + bytes.length
            + " bytes");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public Serializer<W> serializer() {
    return this;
  }

  @Override
  public Deserializer<W> deserializer() {
    return this;
  }
}
