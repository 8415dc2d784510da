package dev.weir.serde;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Raw bytes, passed through unchanged (no copy, as Kafka's {@code ByteArraySerializer} does): the
 * array given to {@code serialize} is the array returned, so callers must not modify it while Kafka
 * may still send it. One stateless instance serves as serde, serializer and deserializer.
 * Thread-safe. Null maps to null both ways; never throws.
 */
final class BytesSerde implements Serde<byte[]>, Serializer<byte[]>, Deserializer<byte[]> {

  static final BytesSerde INSTANCE = new BytesSerde();

  private BytesSerde() {}

  @Override
  public byte[] serialize(String topic, byte[] data) {
    return data;
  }

  @Override
  public byte[] deserialize(String topic, byte[] data) {
    return data;
  }

  // deserialize(String, Headers, ByteBuffer): Kafka's default copies the remaining bytes into a new
  // array, which is what a byte[] result needs anyway.

  @Override
  public Serializer<byte[]> serializer() {
    return this;
  }

  @Override
  public Deserializer<byte[]> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "Serdes.bytes()";
  }
}
