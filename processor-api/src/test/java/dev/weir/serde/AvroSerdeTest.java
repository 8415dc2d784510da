package dev.weir.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private static final String TOPIC = "orders";

  static final Schema ORDER =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Order", "namespace": "dev.weir.test",
               "fields": [
                 {"name": "id", "type": "string"},
                 {"name": "amount", "type": "double"},
                 {"name": "quantity", "type": "long"},
                 {"name": "tags", "type": {"type": "array", "items": "string"}},
                 {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
                   {"name": "name", "type": "string"},
                   {"name": "email", "type": ["null", "string"], "default": null}
                 ]}}
               ]}
              """);

  static final Schema USER_V1 =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "User", "namespace": "dev.weir.test",
               "fields": [
                 {"name": "name", "type": "string"},
                 {"name": "age", "type": "int"}
               ]}
              """);

  /** V1 plus a field with a default: can read V1 data. */
  static final Schema USER_V2 =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "User", "namespace": "dev.weir.test",
               "fields": [
                 {"name": "name", "type": "string"},
                 {"name": "age", "type": "int"},
                 {"name": "email", "type": "string", "default": "unknown"}
               ]}
              """);

  /** A required field without default: cannot read V1 data. */
  static final Schema USER_INCOMPATIBLE =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "User", "namespace": "dev.weir.test",
               "fields": [
                 {"name": "name", "type": "string"},
                 {"name": "country", "type": "string"}
               ]}
              """);

  static GenericRecord order(int i) {
    Schema customer = ORDER.getField("customer").schema();
    return new GenericRecordBuilder(ORDER)
        .set("id", "order-" + i)
        .set("amount", i * 1.25)
        .set("quantity", i % 2 == 0 ? Long.MAX_VALUE - i : Long.MIN_VALUE + i)
        .set("tags", List.of("t" + i, "x"))
        .set(
            "customer",
            new GenericRecordBuilder(customer)
                .set("name", "cust-" + i)
                .set("email", i % 3 == 0 ? null : "c" + i + "@weir.dev")
                .build())
        .build();
  }

  static GenericRecord user(Schema schema, String name, int age) {
    return new GenericRecordBuilder(schema).set("name", name).set("age", age).build();
  }

  private static <T> T roundTrip(Serde<T> serde, T value) {
    return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, value));
  }

  private static byte[] fingerprintBytes(Schema schema) {
    return ByteBuffer.allocate(8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(SchemaNormalization.parsingFingerprint64(schema))
        .array();
  }

  @Test
  void genericRecordsRoundTrip() {
    Serde<GenericRecord> serde = Serdes.avroGeneric(ORDER);
    for (int i = 0; i < 4; i++) {
      GenericRecord decoded = roundTrip(serde, order(i));
      assertThat(decoded).isEqualTo(order(i));
      assertThat(decoded.getSchema()).isSameAs(ORDER);
      assertThat(decoded.get("id").toString()).isEqualTo("order-" + i);
    }
  }

  @Test
  void payloadsUseSingleObjectEncoding() throws Exception {
    byte[] payload = Serdes.avroGeneric(ORDER).serializer().serialize(TOPIC, order(1));
    assertThat(payload[0]).isEqualTo((byte) 0xC3);
    assertThat(payload[1]).isEqualTo((byte) 0x01);
    assertThat(Arrays.copyOfRange(payload, 2, 10)).isEqualTo(fingerprintBytes(ORDER));
    // Interoperable with Avro's own single-object codec, both ways.
    BinaryMessageDecoder<GenericRecord> avroDecoder = new BinaryMessageDecoder<>(GenericData.get(), ORDER);
    assertThat(avroDecoder.decode(payload)).isEqualTo(order(1));
    BinaryMessageEncoder<GenericRecord> avroEncoder = new BinaryMessageEncoder<>(GenericData.get(), ORDER);
    byte[] fromAvro = avroEncoder.encode(order(2)).array();
    assertThat(Serdes.avroGeneric(ORDER).deserializer().deserialize(TOPIC, fromAvro)).isEqualTo(order(2));
    assertThat(fromAvro).isEqualTo(Serdes.avroGeneric(ORDER).serializer().serialize(TOPIC, order(2)));
  }

  @Test
  void nullsMapToNullBothWays() {
    Serde<GenericRecord> serde = Serdes.avroGeneric(ORDER);
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), (ByteBuffer) null)).isNull();
    Serde<SensorReading> specific = Serdes.avroSpecific(SensorReading.class);
    assertThat(specific.serializer().serialize(TOPIC, null)).isNull();
    assertThat(specific.deserializer().deserialize(TOPIC, null)).isNull();
  }

  @Test
  void specificRecordsRoundTrip() {
    Serde<SensorReading> serde = Serdes.avroSpecific(SensorReading.class);
    SensorReading reading = new SensorReading("s-1", Long.MIN_VALUE, -273.15, "°C");
    SensorReading decoded = roundTrip(serde, reading);
    assertThat(decoded).isInstanceOf(SensorReading.class).isEqualTo(reading).isNotSameAs(reading);
    assertThat(decoded.getSensorId()).isEqualTo("s-1");
    assertThat(decoded.getUnit()).isEqualTo("°C");
    assertThat(decoded.getTimestamp()).isEqualTo(Long.MIN_VALUE);
    SensorReading noUnit = new SensorReading("", Long.MAX_VALUE, 0.0, null);
    assertThat(roundTrip(serde, noUnit)).isEqualTo(noUnit);
    SensorReading nested = new SensorReading("s-2", 3L, 4.5, "m", Quality.BAD, new Location(49.19, 16.61));
    SensorReading nestedDecoded = roundTrip(serde, nested);
    assertThat(nestedDecoded).isEqualTo(nested);
    assertThat(nestedDecoded.getQuality()).isSameAs(Quality.BAD);
    assertThat(nestedDecoded.getLocation()).isInstanceOf(Location.class);
    assertThat(nestedDecoded.getLocation().getLon()).isEqualTo(16.61);
    assertThat(((AvroSerde<SensorReading>) serde).schema()).isSameAs(SensorReading.SCHEMA$);

    byte[] payload = serde.serializer().serialize(TOPIC, reading);
    assertThat(payload[0]).isEqualTo((byte) 0xC3);
    assertThat(payload[1]).isEqualTo((byte) 0x01);
    assertThat(Arrays.copyOfRange(payload, 2, 10)).isEqualTo(fingerprintBytes(SensorReading.SCHEMA$));
  }

  @Test
  void genericAndSpecificSerdesOfTheSameSchemaShareTheWireFormat() {
    GenericRecord generic =
        new GenericRecordBuilder(SensorReading.SCHEMA$)
            .set("sensorId", "s-9")
            .set("timestamp", 5L)
            .set("value", 1.5)
            .set("unit", "kPa")
            .set("quality", new GenericData.EnumSymbol(SensorReading.SCHEMA$.getField("quality").schema(), "SUSPECT"))
            .build();
    byte[] payload = Serdes.avroGeneric(SensorReading.SCHEMA$).serializer().serialize(TOPIC, generic);
    assertThat(Serdes.avroSpecific(SensorReading.class).deserializer().deserialize(TOPIC, payload))
        .isEqualTo(new SensorReading("s-9", 5L, 1.5, "kPa", Quality.SUSPECT, null));
  }

  @Test
  void genericSchemaEvolutionResolvesOlderWriterSchemas() {
    byte[] writtenWithV1 = Serdes.avroGeneric(USER_V1).serializer().serialize(TOPIC, user(USER_V1, "ada", 36));

    Serde<GenericRecord> v2 = Serdes.avroGeneric(USER_V2, USER_V1);
    GenericRecord read = v2.deserializer().deserialize(TOPIC, writtenWithV1);
    assertThat(read.getSchema()).isEqualTo(USER_V2);
    assertThat(read.get("name").toString()).isEqualTo("ada");
    assertThat(read.get("age")).isEqualTo(36);
    assertThat(read.get("email").toString()).isEqualTo("unknown");

    // The same via the builder, and V2 data still reads.
    Serde<GenericRecord> built = AvroSerde.genericBuilder(USER_V2).addWriterSchema(USER_V1).build();
    assertThat(built.deserializer().deserialize(TOPIC, writtenWithV1).get("email").toString()).isEqualTo("unknown");
    GenericRecord current = new GenericRecordBuilder(USER_V2).set("name", "bo").set("age", 1).set("email", "b@x").build();
    assertThat(roundTrip(built, current)).isEqualTo(current);
  }

  @Test
  void specificSchemaEvolutionResolvesOlderWriterSchemas() {
    GenericRecord old =
        new GenericRecordBuilder(SensorReading.SCHEMA_V1)
            .set("sensorId", "s-1")
            .set("timestamp", 10L)
            .set("value", 2.5)
            .build();
    byte[] writtenWithV1 = Serdes.avroGeneric(SensorReading.SCHEMA_V1).serializer().serialize(TOPIC, old);

    Serde<SensorReading> serde = Serdes.avroSpecific(SensorReading.class, SensorReading.SCHEMA_V1);
    assertThat(serde.deserializer().deserialize(TOPIC, writtenWithV1))
        .isEqualTo(new SensorReading("s-1", 10L, 2.5, null, Quality.GOOD, null));

    assertThatThrownBy(() -> Serdes.avroSpecific(SensorReading.class).deserializer().deserialize(TOPIC, writtenWithV1))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown schema fingerprint");
  }

  @Test
  void unknownFingerprintsAreNamedAndTheRemedyIsGiven() {
    byte[] writtenWithV1 = Serdes.avroGeneric(USER_V1).serializer().serialize(TOPIC, user(USER_V1, "ada", 36));
    long v1 = SchemaNormalization.parsingFingerprint64(USER_V1);
    long v2 = SchemaNormalization.parsingFingerprint64(USER_V2);
    assertThatThrownBy(() -> Serdes.avroGeneric(USER_V2).deserializer().deserialize(TOPIC, writtenWithV1))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot read Avro dev.weir.test.User: the payload was written with the unknown schema fingerprint "
            + v1 + " (0x" + String.format("%016X", v1) + ")")
        .hasMessageContaining("the writer schema must be registered")
        .hasMessageContaining("known fingerprints: [" + v2 + "]");

    byte[] made = new byte[12];
    made[0] = (byte) 0xC3;
    made[1] = 0x01;
    made[2] = 0x2A; // fingerprint 42, little-endian
    assertThatThrownBy(() -> Serdes.avroGeneric(USER_V2).deserializer().deserialize(TOPIC, made))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown schema fingerprint 42 (0x000000000000002A)");
  }

  @Test
  void aSchemaStoreSuppliesWriterSchemasOnDemand() {
    byte[] writtenWithV1 = Serdes.avroGeneric(USER_V1).serializer().serialize(TOPIC, user(USER_V1, "ada", 36));
    SchemaStore.Cache store = new SchemaStore.Cache();
    Serde<GenericRecord> serde = AvroSerde.genericBuilder(USER_V2).schemaStore(store).build();
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, writtenWithV1))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("or be found by its SchemaStore");
    store.addSchema(USER_V1);
    assertThat(serde.deserializer().deserialize(TOPIC, writtenWithV1).get("email").toString()).isEqualTo("unknown");
  }

  @Test
  void wrongHeadersAreRejectedWithTheBytesFound() {
    byte[] json = "{\"name\":\"ada\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Serdes.avroGeneric(USER_V1).deserializer().deserialize(TOPIC, json))
        .isInstanceOf(SerializationException.class)
        .hasMessage("Cannot read Avro dev.weir.test.User: expected Avro single-object encoding (header C3 01)"
            + " but the first bytes were 7B 22 6E 61 6D 65 22 3A 22 61 64 61 22 7D (as text: {\"name\":\"ada\"})");
    assertThatThrownBy(() -> Serdes.avroGeneric(USER_V1).deserializer().deserialize(TOPIC, new byte[] {(byte) 0xC3, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("expected Avro single-object encoding (header C3 01) but the first bytes were C3 02 00");
  }

  @Test
  void shortAndEmptyPayloadsAreRejected() {
    assertThatThrownBy(() -> Serdes.avroGeneric(USER_V1).deserializer().deserialize(TOPIC, new byte[] {(byte) 0xC3, 0x01, 0x05}))
        .isInstanceOf(SerializationException.class)
        .hasMessage("Cannot read Avro dev.weir.test.User: expected Avro single-object encoding (header C3 01 and an"
            + " 8-byte schema fingerprint) but the payload has only 3 bytes: C3 01 05");
    assertThatThrownBy(() -> Serdes.avroGeneric(USER_V1).deserializer().deserialize(TOPIC, new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("but the payload has only 0 bytes");
  }

  @Test
  void truncatedBodiesAreRejected() {
    byte[] payload = Serdes.avroGeneric(ORDER).serializer().serialize(TOPIC, order(5));
    byte[] truncated = Arrays.copyOf(payload, payload.length - 4);
    assertThatThrownBy(() -> Serdes.avroGeneric(ORDER).deserializer().deserialize(TOPIC, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot read Avro dev.weir.test.Order (writer schema fingerprint "
            + SchemaNormalization.parsingFingerprint64(ORDER))
        .hasMessageContaining("the first bytes were C3 01");
  }

  @Test
  void byteBuffersAreDecodedWithoutMovingThem() {
    Serde<GenericRecord> serde = Serdes.avroGeneric(ORDER);
    byte[] payload = serde.serializer().serialize(TOPIC, order(3));
    byte[] framed = new byte[payload.length + 7];
    System.arraycopy(payload, 0, framed, 4, payload.length);
    ByteBuffer window = ByteBuffer.wrap(framed, 4, payload.length);
    assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), window)).isEqualTo(order(3));
    assertThat(window.position()).isEqualTo(4);
    assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), window.slice())).isEqualTo(order(3));
    ByteBuffer direct = ByteBuffer.allocateDirect(payload.length).put(payload).flip();
    assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), direct)).isEqualTo(order(3));

    framed[4] = 0x7B;
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new RecordHeaders(), ByteBuffer.wrap(framed, 4, payload.length)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("but the first bytes were 7B 01");
  }

  @Test
  void incompatibleWriterSchemasAreRejectedWhenBuilding() {
    assertThatThrownBy(() -> Serdes.avroGeneric(USER_INCOMPATIBLE, USER_V1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Reader schema dev.weir.test.User cannot read data written with writer schema dev.weir.test.User")
        .hasMessageContaining("country");
  }

  @Test
  void recordsOfAnotherSchemaAreNotWritten() {
    Serde<GenericRecord> serde = Serdes.avroGeneric(USER_V2);
    assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, user(USER_V1, "ada", 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot write a GenericRecord of schema dev.weir.test.User")
        .hasMessageContaining("the record must be built with the serde's schema");
    // An equal schema parsed separately is fine.
    Schema copy = new Schema.Parser().parse(USER_V1.toString());
    assertThat(roundTrip(Serdes.avroGeneric(USER_V1), user(copy, "ada", 1)).get("age")).isEqualTo(1);
  }

  @Test
  void recordsThatDoNotFitTheSchemaAreNotWritten() {
    GenericRecord missingName = new GenericData.Record(USER_V1);
    missingName.put("age", 3);
    assertThatThrownBy(() -> Serdes.avroGeneric(USER_V1).serializer().serialize(TOPIC, missingName))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot write org.apache.avro.generic.GenericData$Record as Avro dev.weir.test.User: ")
        .hasMessageContaining("name");
    // The serializer still works afterwards (Avro's thread-local buffers were reset).
    assertThat(roundTrip(Serdes.avroGeneric(USER_V1), user(USER_V1, "x", 2)).get("age")).isEqualTo(2);
  }

  @Test
  void nonRecordSchemasAreRejected() {
    assertThatThrownBy(() -> Serdes.avroGeneric(Schema.create(Schema.Type.STRING)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("A GenericRecord serde needs a record schema, not STRING");
  }

  @Test
  void specificBuilderRejectsAGenericModel() {
    assertThatThrownBy(() -> AvroSerde.specificBuilder(SensorReading.class).dataModel(GenericData.get()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a SpecificData model");
  }
}
