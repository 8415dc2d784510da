package dev.weir.internal.windows;

import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The key of one element of a process window in the {@code <name>.elements} map state: the
 * window's namespace and the element's position in it. Stored as 24 sortable bytes, so a window's
 * elements are adjacent and in order.
 */
record ElementKey(long namespaceStart, long namespaceEnd, long position) {

  static final Serde<ElementKey> SERDE = new KeySerde();

  static ElementKey of(WindowEntry<?> entry, long position) {
    return new ElementKey(entry.namespaceStart, entry.namespaceEnd, position);
  }

  private static final class KeySerde
      implements Serde<ElementKey>, Serializer<ElementKey>, Deserializer<ElementKey> {

    @Override
    public byte[] serialize(String topic, ElementKey key) {
      if (key == null) {
        return null;
      }
      byte[] bytes = new byte[24];
      Longs.putSortable(bytes, 0, key.namespaceStart);
      Longs.putSortable(bytes, 8, key.namespaceEnd);
      Longs.putSortable(bytes, 16, key.position);
      return bytes;
    }

    @Override
    public ElementKey deserialize(String topic, byte[] bytes) {
      if (bytes == null) {
        return null;
      }
      if (bytes.length != 24) {
        throw new SerializationException(
            "Expected a window element key of 24 bytes in '"
                + topic
                + "', found "
                + bytes.length);
      }
      return new ElementKey(
          Longs.getSortable(bytes, 0), Longs.getSortable(bytes, 8), Longs.getSortable(bytes, 16));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}

    @Override
    public Serializer<ElementKey> serializer() {
      return this;
    }

    @Override
    public Deserializer<ElementKey> deserializer() {
      return this;
    }
  }
}
