package dev.weir.serde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * UTF-8 strings, byte-compatible with Kafka's {@code StringSerializer}/{@code StringDeserializer}
 * in their default (UTF-8) configuration. One stateless instance serves as serde, serializer and
 * deserializer; {@link #configure} is ignored, so the encoding cannot be changed by configuration.
 * Thread-safe. Null maps to null both ways. Malformed UTF-8 is decoded leniently (each malformed
 * sequence becomes U+FFFD), as Kafka's deserializer does, so this never throws.
 */
final class StringSerde implements Serde<String>, Serializer<String>, Deserializer<String> {

  static final StringSerde INSTANCE = new StringSerde();

  private StringSerde() {}

  @Override
  public byte[] serialize(String topic, String data) {
    return data == null ? null : data.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String deserialize(String topic, byte[] data) {
    return data == null ? null : new String(data, StandardCharsets.UTF_8);
  }

  @Override
  public String deserialize(String topic, Headers headers, ByteBuffer data) {
    if (data == null) {
      return null;
    }
    if (data.hasArray()) {
      return new String(
          data.array(), data.arrayOffset() + data.position(), data.remaining(),
          StandardCharsets.UTF_8);
    }
    return new String(Payloads.copy(data), StandardCharsets.UTF_8);
  }

  @Override
  public Serializer<String> serializer() {
    return this;
  }

  @Override
  public Deserializer<String> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "Serdes.string()";
  }
}
