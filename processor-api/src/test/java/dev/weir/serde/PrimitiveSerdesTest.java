package dev.weir.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class PrimitiveSerdesTest {

  private static final String TOPIC = "t";

  private static <T> T roundTrip(Serde<T> serde, T value) {
    return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, value));
  }

  @Test
  void stringRoundTripsIncludingEmptyUnicodeAndNull() {
    Serde<String> serde = Serdes.string();
    assertThat(roundTrip(serde, "hello")).isEqualTo("hello");
    assertThat(roundTrip(serde, "")).isEqualTo("");
    assertThat(serde.serializer().serialize(TOPIC, "")).isEmpty();
    assertThat(roundTrip(serde, "žluťoučký kůň 🐎 日本")).isEqualTo("žluťoučký kůň 🐎 日本");
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
  }

  @Test
  void stringIsUtf8AndCompatibleWithKafkasStringSerde() {
    Serde<String> kafka = org.apache.kafka.common.serialization.Serdes.String();
    String text = "grüße, 世界";
    byte[] ours = Serdes.string().serializer().serialize(TOPIC, text);
    assertThat(ours).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    assertThat(ours).isEqualTo(kafka.serializer().serialize(TOPIC, text));
    assertThat(Serdes.string().deserializer().deserialize(TOPIC, kafka.serializer().serialize(TOPIC, text)))
        .isEqualTo(text);
  }

  @Test
  void stringReadsByteBuffersInPlace() {
    byte[] framed = "xxhello worldyy".getBytes(StandardCharsets.UTF_8);
    ByteBuffer slice = ByteBuffer.wrap(framed, 2, 11).slice();
    assertThat(Serdes.string().deserializer().deserialize(TOPIC, new RecordHeaders(), slice))
        .isEqualTo("hello world");
    assertThat(slice.position()).isZero();
    ByteBuffer direct = ByteBuffer.allocateDirect(5).put("abcde".getBytes(StandardCharsets.UTF_8)).flip();
    assertThat(Serdes.string().deserializer().deserialize(TOPIC, new RecordHeaders(), direct))
        .isEqualTo("abcde");
    assertThat(Serdes.string().deserializer().deserialize(TOPIC, new RecordHeaders(), (ByteBuffer) null))
        .isNull();
  }

  @Test
  void longsRoundTripExtremesAndNull() {
    Serde<Long> serde = Serdes.longs();
    for (long v : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L, 0x0102030405060708L}) {
      assertThat(roundTrip(serde, v)).isEqualTo(v);
    }
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
  }

  @Test
  void longsAreBigEndianLikeKafkasLongSerde() {
    Serde<Long> kafka = org.apache.kafka.common.serialization.Serdes.Long();
    for (long v : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 42L, -42L}) {
      assertThat(Serdes.longs().serializer().serialize(TOPIC, v))
          .isEqualTo(kafka.serializer().serialize(TOPIC, v));
      assertThat(Serdes.longs().deserializer().deserialize(TOPIC, kafka.serializer().serialize(TOPIC, v)))
          .isEqualTo(v);
    }
    assertThat(Serdes.longs().serializer().serialize(TOPIC, 0x0102030405060708L))
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void longsReadByteBuffersOfEitherByteOrder() {
    byte[] framed = {9, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    ByteBuffer bigEndian = ByteBuffer.wrap(framed, 2, 8);
    assertThat(Serdes.longs().deserializer().deserialize(TOPIC, new RecordHeaders(), bigEndian))
        .isEqualTo(0x0102030405060708L);
    ByteBuffer littleEndian = ByteBuffer.wrap(framed, 2, 8).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(Serdes.longs().deserializer().deserialize(TOPIC, new RecordHeaders(), littleEndian))
        .isEqualTo(0x0102030405060708L);
    assertThat(bigEndian.position()).isEqualTo(2);
  }

  @Test
  void longsRejectPayloadsOfTheWrongSize() {
    assertThatThrownBy(() -> Serdes.longs().deserializer().deserialize(TOPIC, new byte[] {1, 2, 3}))
        .isInstanceOf(SerializationException.class)
        .hasMessage("Cannot read a long: expected 8 bytes but found 3 bytes; the bytes were: 01 02 03");
    assertThatThrownBy(() -> Serdes.longs().deserializer().deserialize(TOPIC, new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessage("Cannot read a long: expected 8 bytes but found 0 bytes");
    assertThatThrownBy(
            () -> Serdes.longs().deserializer().deserialize(TOPIC, new RecordHeaders(), ByteBuffer.allocate(9)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("expected 8 bytes but found 9 bytes");
  }

  @Test
  void intsRoundTripExtremesAndNullAndMatchKafka() {
    Serde<Integer> serde = Serdes.ints();
    Serde<Integer> kafka = org.apache.kafka.common.serialization.Serdes.Integer();
    for (int v : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 0x01020304}) {
      assertThat(roundTrip(serde, v)).isEqualTo(v);
      assertThat(serde.serializer().serialize(TOPIC, v)).isEqualTo(kafka.serializer().serialize(TOPIC, v));
    }
    assertThat(serde.serializer().serialize(TOPIC, 0x01020304)).containsExactly(1, 2, 3, 4);
    assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), ByteBuffer.wrap(new byte[] {0, 0, 1, 0})))
        .isEqualTo(256);
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[8]))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot read an int: expected 4 bytes but found 8 bytes");
  }

  @Test
  void bytesPassThrough() {
    Serde<byte[]> serde = Serdes.bytes();
    byte[] data = {1, 2, 3};
    assertThat(serde.serializer().serialize(TOPIC, data)).isSameAs(data);
    assertThat(serde.deserializer().deserialize(TOPIC, data)).isSameAs(data);
    assertThat(roundTrip(serde, new byte[0])).isEmpty();
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), ByteBuffer.wrap(data, 1, 2)))
        .containsExactly(2, 3);
  }

  @Test
  void serdesAreSharedAndHandOutTheSameSerializerAndDeserializer() {
    assertThat(Serdes.string()).isSameAs(Serdes.string());
    assertThat(Serdes.longs().serializer()).isSameAs(Serdes.longs().serializer());
    assertThat(Serdes.ints().deserializer()).isSameAs(Serdes.ints().deserializer());
    Serdes.string().configure(java.util.Map.of("value.serializer.encoding", "UTF-16"), false);
    assertThat(Serdes.string().serializer().serialize(TOPIC, "a")).containsExactly('a');
    Serdes.string().close();
    assertThat(Serdes.string().serializer().serialize(TOPIC, "a")).containsExactly('a');
  }

  @Test
  void excerptsArePrintableAndShort() {
    byte[] data = "ab\n\t\0\177".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Payloads.excerpt(data, 0, data.length)).isEqualTo("ab\\n\\t\\x00\\x7F");
    byte[] utf8 = "é".getBytes(StandardCharsets.UTF_8);
    assertThat(Payloads.excerpt(utf8, 0, utf8.length)).isEqualTo("\\xC3\\xA9");
    byte[] longPayload = "x".repeat(500).getBytes(StandardCharsets.US_ASCII);
    assertThat(Payloads.excerpt(longPayload, 0, longPayload.length))
        .isEqualTo("x".repeat(Payloads.MAX_EXCERPT_CHARS) + "...");
    assertThat(Payloads.excerpt(longPayload, 10, 3)).isEqualTo("xxx");
    assertThat(Payloads.hex(new byte[] {(byte) 0xC3, 1, 0x7F}, 0, 3)).isEqualTo("C3 01 7F");
    assertThat(Payloads.hex(new byte[40], 0, 40)).endsWith("00 ...");
  }
}
