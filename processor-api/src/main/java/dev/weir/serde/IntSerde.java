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
 * 32-bit signed integers as 4 big-endian bytes, byte-compatible with Kafka's {@code
 * IntegerSerializer}/{@code IntegerDeserializer}. One stateless instance serves as serde, serializer and
 * deserializer. Thread-safe. Null maps to null both ways; a payload that is not exactly 4 bytes
 * long throws {@link SerializationException}.
 */
final class IntSerde implements Serde<Integer>, Serializer<Integer>, Deserializer<Integer> {

  static final IntSerde INSTANCE = new IntSerde();

  private IntSerde() {}

  @Override
  public byte[] serialize(String topic, Integer data) {
    if (data == null) {
      return null;
    }
    int v = data;
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  @Override
  public Integer deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length != Integer.BYTES) {
      throw wrongSize(data, 0, data.length);
    }
    int v = 0;
    for (int i = 0; i < Integer.BYTES; i++) {
      v = (v << 8) | (data[i] & 0xFF);
    }
    return v;
  }

  @Override
  public Integer deserialize(String topic, Headers headers, ByteBuffer data) {
    if (data == null) {
      return null;
    }
    if (data.remaining() != Integer.BYTES) {
      byte[] copy = Payloads.copy(data);
      throw wrongSize(copy, 0, copy.length);
    }
    int v = data.getInt(data.position());
    return data.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
  }

  private static SerializationException wrongSize(byte[] data, int offset, int length) {
    return new SerializationException(
        "Cannot read an int: expected 4 bytes but found " + Payloads.bytes(length)
            + (length == 0 ? "" : "; the bytes were: " + Payloads.hex(data, offset, length)));
  }

  @Override
  public Serializer<Integer> serializer() {
    return this;
  }

  @Override
  public Deserializer<Integer> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "Serdes.ints()";
  }
}
