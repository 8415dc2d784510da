package dev.weir.serde;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * 64-bit signed integers as 8 big-endian bytes, byte-compatible with Kafka's {@code
 * LongSerializer}/{@code LongDeserializer}. One stateless instance serves as serde, serializer and
 * deserializer. Thread-safe. Null maps to null both ways; a payload that is not exactly 8 bytes
 * long throws {@link SerializationException}.
 */
final class LongSerde implements Serde<Long>, Serializer<Long>, Deserializer<Long> {

  static final LongSerde INSTANCE = new LongSerde();

  private LongSerde() {}

  @Override
  public byte[] serialize(String topic, Long data) {
    if (data == null) {
      return null;
    }
    long v = data;
    return new byte[] {
      (byte) (v >>> 56), (byte) (v >>> 48), (byte) (v >>> 40), (byte) (v >>> 32),
      (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v
    };
  }

  @Override
  public Long deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length != Long.BYTES) {
      throw wrongSize(data, 0, data.length);
    }
    long v = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      v = (v << 8) | (data[i] & 0xFF);
    }
    return v;
  }

  @Override
  public Long deserialize(String topic, Headers headers, ByteBuffer data) {
    if (data == null) {
      return null;
    }
    if (data.remaining() != Long.BYTES) {
      byte[] copy = Payloads.copy(data);
      throw wrongSize(copy, 0, copy.length);
    }
    long v = data.getLong(data.position());
    return data.order() == ByteOrder.BIG_ENDIAN ? v : Long.reverseBytes(v);
  }

  private static SerializationException wrongSize(byte[] data, int offset, int length) {
    return new SerializationException(
        "Cannot read a long: expected 8 bytes but found " + Payloads.bytes(length)
            + (length == 0 ? "" : "; the bytes were: " + Payloads.hex(data, offset, length)));
  }

  @Override
  public Serializer<Long> serializer() {
    return this;
  }

  @Override
  public Deserializer<Long> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "Serdes.longs()";
  }
}
