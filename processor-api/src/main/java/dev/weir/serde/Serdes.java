package dev.weir.serde;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The serdes of Weir pipelines, in one place. Every method returns a Kafka {@link Serde}, so the
 * result can be used wherever Weir (or Kafka) takes one, and any Kafka serde can be used in their
 * place.
 *
 * <p><b>Contract shared by all serdes returned here:</b>
 *
 * <ul>
 *   <li>The serde, its serializer and its deserializer are thread-safe: one instance may be used by
 *       any number of threads at once. {@code serializer()} and {@code deserializer()} return the
 *       same instance on every call; {@code configure} and {@code close} do nothing.
 *   <li>A null value serializes to null (a tombstone) and a null payload deserializes to null.
 *   <li>A payload that cannot be decoded makes the deserializer throw Kafka's {@link
 *       org.apache.kafka.common.errors.SerializationException}, whose message says what was
 *       expected and shows the first bytes of the payload; Weir routes such records to the
 *       dead-letter topic. A value that cannot be encoded makes the serializer throw it too.
 *   <li>The topic and headers passed to the serializer and deserializer are ignored.
 * </ul>
 *
 * <p><b>Optional dependencies:</b> Jackson (jackson-databind, plus jackson-datatype-jsr310 for
 * {@code java.time}) and Avro are optional dependencies of Weir. This class can be loaded and
 * {@link #string()}, {@link #longs()}, {@link #ints()} and {@link #bytes()} used without them: the
 * code that uses Jackson ({@link JsonSerde}) and Avro ({@link AvroSerde}) lives in separate classes
 * that the JVM loads only when {@code json...} or {@code avro...} is first called, and this class
 * has no static state referring to them. Calling a JSON method without Jackson, or an Avro method
 * without Avro, throws {@link IllegalStateException} naming the missing dependency. (The
 * signatures below mention Jackson and Avro types; the JVM resolves those only when a method is
 * called. Reflection that lists all methods of this class, such as {@code
 * Serdes.class.getMethods()}, does need them.)
 */
public final class Serdes {

  private static final String JACKSON = "com.fasterxml.jackson.core:jackson-databind";
  private static final String AVRO = "org.apache.avro:avro";

  private Serdes() {}

  /**
   * UTF-8 strings, byte-compatible with Kafka's {@code StringSerializer}/{@code
   * StringDeserializer} in their default configuration. The empty string is an empty payload.
   * Decoding is lenient: malformed UTF-8 becomes U+FFFD, as in Kafka's deserializer, so the
   * deserializer never throws.
   *
   * @return the shared string serde
   */
  public static Serde<String> string() {
    return StringSerde.INSTANCE;
  }

  /**
   * 64-bit integers as 8 big-endian bytes, byte-compatible with Kafka's {@code LongSerializer}.
   * The deserializer throws {@link org.apache.kafka.common.errors.SerializationException} for a
   * payload that is not exactly 8 bytes long.
   *
   * @return the shared long serde
   */
  public static Serde<Long> longs() {
    return LongSerde.INSTANCE;
  }

  /**
   * 32-bit integers as 4 big-endian bytes, byte-compatible with Kafka's {@code
   * IntegerSerializer}. The deserializer throws {@link
   * org.apache.kafka.common.errors.SerializationException} for a payload that is not exactly 4
   * bytes long.
   *
   * @return the shared int serde
   */
  public static Serde<Integer> ints() {
    return IntSerde.INSTANCE;
  }

  /**
   * Raw bytes, passed through without copying in either direction (as Kafka's {@code
   * ByteArraySerializer} does): do not modify an array after handing it to the serializer. Never
   * throws.
   *
   * @return the shared byte-array serde
   */
  public static Serde<byte[]> bytes() {
    return BytesSerde.INSTANCE;
  }

  /**
   * JSON, via Jackson, for records, beans and any type Jackson can bind, using Weir's shared
   * default {@link ObjectMapper}: unknown properties ignored, exactly one JSON value per payload,
   * {@code java.time} types as ISO-8601 strings when jackson-datatype-jsr310 is present (see
   * {@link JsonSerde#newDefaultObjectMapper()} for the details). The type's reader and writer are
   * looked up once, here, not per record. See {@link JsonSerde} for the full contract.
   *
   * @param type the class of the values
   * @param <T> the type of the values
   * @return a new JSON serde for {@code type}
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalStateException if jackson-databind is not on the classpath
   */
  public static <T> Serde<T> json(Class<T> type) {
    try {
      return JsonSerde.of(type, null);
    } catch (LinkageError e) {
      throw missing("Serdes.json", JACKSON, "com.fasterxml.jackson", e);
    }
  }

  /**
   * JSON, via Jackson, with the caller's {@link ObjectMapper}. The mapper's configuration is
   * captured now: configure it completely before calling this. To start from Weir's defaults, use
   * {@link JsonSerde#newDefaultObjectMapper()}. See {@link JsonSerde} for the full contract.
   *
   * @param type the class of the values
   * @param mapper the mapper to use; it must not be reconfigured afterwards
   * @param <T> the type of the values
   * @return a new JSON serde for {@code type}
   * @throws NullPointerException if {@code type} or {@code mapper} is null
   * @throws IllegalStateException if jackson-databind is not on the classpath
   */
  public static <T> Serde<T> json(Class<T> type, ObjectMapper mapper) {
    if (mapper == null) {
      throw new NullPointerException("mapper");
    }
    try {
      return JsonSerde.of(type, mapper);
    } catch (LinkageError e) {
      throw missing("Serdes.json", JACKSON, "com.fasterxml.jackson", e);
    }
  }

  /**
   * JSON for a generic type such as {@code List<ClickEvent>} or {@code Map<String, Long>}, with
   * Weir's default {@link ObjectMapper}: {@code Serdes.json(new TypeReference<List<ClickEvent>>()
   * {})}. See {@link #json(Class)}.
   *
   * @param type the full type of the values
   * @param <T> the type of the values
   * @return a new JSON serde for {@code type}
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalStateException if jackson-databind is not on the classpath
   */
  public static <T> Serde<T> json(TypeReference<T> type) {
    try {
      return JsonSerde.of(type, null);
    } catch (LinkageError e) {
      throw missing("Serdes.json", JACKSON, "com.fasterxml.jackson", e);
    }
  }

  /**
   * Schemaless JSON as Jackson trees, with Weir's default {@link ObjectMapper}: any JSON value is
   * accepted (the JSON text {@code null} reads as a {@code NullNode}, unlike a null payload, which
   * reads as null). See {@link JsonSerde} for the full contract.
   *
   * @return the shared JSON-tree serde
   * @throws IllegalStateException if jackson-databind is not on the classpath
   */
  public static Serde<JsonNode> jsonTree() {
    try {
      return JsonSerde.tree();
    } catch (LinkageError e) {
      throw missing("Serdes.jsonTree", JACKSON, "com.fasterxml.jackson", e);
    }
  }

  /**
   * Avro {@link GenericRecord}s in Avro's single-object encoding (header {@code C3 01}, the 8-byte
   * CRC-64-AVRO fingerprint of the writer schema, then the binary datum), written and read with
   * {@code schema}. Payloads written with any other schema are rejected; to accept older writer
   * schemas use {@link #avroGeneric(Schema, Schema...)}. See {@link AvroSerde} for the full
   * contract.
   *
   * @param schema the record schema to write with and read into
   * @return a new Avro serde
   * @throws NullPointerException if {@code schema} is null
   * @throws IllegalArgumentException if {@code schema} is not a record schema
   * @throws IllegalStateException if Avro is not on the classpath
   */
  public static Serde<GenericRecord> avroGeneric(Schema schema) {
    try {
      return AvroSerde.genericBuilder(schema).build();
    } catch (LinkageError e) {
      throw missing("Serdes.avroGeneric", AVRO, "org.apache.avro", e);
    }
  }

  /**
   * Avro {@link GenericRecord}s in single-object encoding, written with {@code readerSchema} and
   * read into it, also accepting payloads written with the given older writer schemas (schema
   * evolution: fields a writer lacks take the reader schema's defaults). For a writer schema not
   * known up front, use {@link AvroSerde#genericBuilder(Schema)} with a {@link
   * org.apache.avro.message.SchemaStore}. See {@link AvroSerde} for the full contract.
   *
   * @param readerSchema the record schema to write with and read into
   * @param olderWriterSchemas schemas payloads may have been written with
   * @return a new Avro serde
   * @throws NullPointerException if a schema is null
   * @throws IllegalArgumentException if {@code readerSchema} is not a record schema, or cannot read
   *     data written with one of {@code olderWriterSchemas}
   * @throws IllegalStateException if Avro is not on the classpath
   */
  public static Serde<GenericRecord> avroGeneric(Schema readerSchema, Schema... olderWriterSchemas) {
    try {
      return AvroSerde.genericBuilder(readerSchema).addWriterSchemas(olderWriterSchemas).build();
    } catch (LinkageError e) {
      throw missing("Serdes.avroGeneric", AVRO, "org.apache.avro", e);
    }
  }

  /**
   * Avro specific records (classes generated from a schema) in single-object encoding, written
   * with and read into the class's schema ({@code SCHEMA$}) using the class's {@code SpecificData}
   * model. Payloads written with any other schema are rejected; to accept older writer schemas use
   * {@link #avroSpecific(Class, Schema...)}. See {@link AvroSerde} for the full contract.
   *
   * @param type the record class
   * @param <T> the record type
   * @return a new Avro serde
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalArgumentException if the class has no Avro record schema
   * @throws IllegalStateException if Avro is not on the classpath
   */
  public static <T extends SpecificRecord> Serde<T> avroSpecific(Class<T> type) {
    try {
      return AvroSerde.specificBuilder(type).build();
    } catch (LinkageError e) {
      throw missing("Serdes.avroSpecific", AVRO, "org.apache.avro", e);
    }
  }

  /**
   * Avro specific records in single-object encoding, also accepting payloads written with the
   * given older writer schemas, resolved to the class's schema. See {@link #avroSpecific(Class)}.
   *
   * @param type the record class
   * @param olderWriterSchemas schemas payloads may have been written with
   * @param <T> the record type
   * @return a new Avro serde
   * @throws NullPointerException if {@code type} or a schema is null
   * @throws IllegalArgumentException if the class has no Avro record schema, or its schema cannot
   *     read data written with one of {@code olderWriterSchemas}
   * @throws IllegalStateException if Avro is not on the classpath
   */
  public static <T extends SpecificRecord> Serde<T> avroSpecific(
      Class<T> type, Schema... olderWriterSchemas) {
    try {
      return AvroSerde.specificBuilder(type).addWriterSchemas(olderWriterSchemas).build();
    } catch (LinkageError e) {
      throw missing("Serdes.avroSpecific", AVRO, "org.apache.avro", e);
    }
  }

  /**
   * Turns the linkage error of a missing optional library into an {@link IllegalStateException}
   * naming it; rethrows any other linkage error unchanged.
   */
  private static RuntimeException missing(
      String method, String artifact, String packagePrefix, LinkageError error) {
    String slashes = packagePrefix.replace('.', '/');
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains(packagePrefix) || message.contains(slashes)) {
        return new IllegalStateException(
            method + " needs " + artifact + " on the classpath (it is an optional dependency of"
                + " Weir): " + error,
            error);
      }
    }
    throw error;
  }
}
