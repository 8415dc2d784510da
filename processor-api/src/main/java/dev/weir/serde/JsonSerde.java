package dev.weir.serde;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A JSON serde for one Java type, backed by Jackson. Obtain one from {@link Serdes#json(Class)},
 * {@link Serdes#json(Class, ObjectMapper)}, {@link Serdes#json(TypeReference)} or {@link
 * Serdes#jsonTree()}.
 *
 * <p>Values are written as UTF-8 JSON with the declared type {@code T} as root type (so a
 * {@code @JsonTypeInfo} on {@code T} applies) and read as {@code T}. The {@link ObjectReader} and
 * {@link ObjectWriter} for the type are created once, when the serde is created, and reused for
 * every record; they capture the {@link ObjectMapper}'s configuration at that moment, so
 * reconfiguring the mapper afterwards does not affect this serde.
 *
 * <p><b>Thread-safety:</b> the serde, its serializer and its deserializer are immutable and may be
 * used by any number of threads at once: they hold only the type's {@link ObjectReader} and {@link
 * ObjectWriter}, which Jackson documents as immutable and thread-safe (each call gets its own
 * parser or generator; Jackson recycles their buffers per thread). {@link #configure} and {@link
 * #close} do nothing.
 *
 * <p><b>Nulls:</b> a null value serializes to null (a Kafka tombstone) and a null payload
 * deserializes to null. The JSON text {@code null} also deserializes to null (or to a {@code
 * NullNode} for {@link JsonNode}).
 *
 * <p><b>Errors:</b> a payload that is not valid JSON for {@code T}, and an empty payload, make the
 * deserializer throw {@link SerializationException} with a message naming {@code T}, Jackson's
 * description of the problem, the field path and byte offset when known, and a printable excerpt
 * of the first bytes of the payload. A value Jackson cannot write makes the serializer throw
 * {@link SerializationException}.
 *
 * <p>This class references Jackson (jackson-databind, an optional dependency of Weir): it is only
 * loaded when a JSON serde is requested.
 *
 * @param <T> the type of the values
 */
public final class JsonSerde<T> implements Serde<T> {

  private static final String JAVA_TIME_MODULE =
      "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule";

  private final String typeName;
  private final JsonSerializer<T> serializer;
  private final JsonDeserializer<T> deserializer;

  private JsonSerde(JavaType type, ObjectMapper mapper) {
    this.typeName = type.toCanonical();
    this.serializer = new JsonSerializer<>(mapper.writerFor(type), typeName);
    this.deserializer = new JsonDeserializer<>(mapper.readerFor(type), typeName);
  }

  static <T> JsonSerde<T> of(Class<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    ObjectMapper m = mapper != null ? mapper : Defaults.MAPPER;
    return new JsonSerde<>(m.constructType(type), m);
  }

  static <T> JsonSerde<T> of(TypeReference<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    ObjectMapper m = mapper != null ? mapper : Defaults.MAPPER;
    return new JsonSerde<>(m.constructType(type), m);
  }

  static JsonSerde<JsonNode> tree() {
    return Defaults.TREE;
  }

  /**
   * A new {@link ObjectMapper} configured like the one {@link Serdes#json(Class)} uses, for callers
   * who want those defaults plus their own modules or features (pass it to {@link
   * Serdes#json(Class, ObjectMapper)}). Each call returns a new, independent mapper; the shared
   * default mapper itself is never handed out, so it cannot be reconfigured by accident.
   *
   * <p>The configuration:
   *
   * <ul>
   *   <li>{@code DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES} off: fields a producer added
   *       are ignored, so producers can evolve first;
   *   <li>{@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS} on: a payload must hold exactly
   *       one JSON value ({@code {"a":1} x} is rejected rather than silently truncated);
   *   <li>if jackson-datatype-jsr310 is on the classpath, its {@code JavaTimeModule} is registered,
   *       with {@code SerializationFeature.WRITE_DATES_AS_TIMESTAMPS} and {@code
   *       WRITE_DURATIONS_AS_TIMESTAMPS} off, so {@code Instant}, {@code LocalDate}, {@code
   *       Duration} and friends are written as ISO-8601 strings ({@code "2024-05-01T12:00:00Z"},
   *       {@code "PT1.5S"}); and {@code DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS}
   *       off, so an integer timestamp produced elsewhere is read as epoch milliseconds (the usual
   *       convention of Kafka and JavaScript) while a decimal one is still read as seconds with a
   *       fraction.
   * </ul>
   *
   * <p>Java records and ordinary beans (getters/setters or public fields, with a no-argument or
   * {@code @JsonCreator} constructor) are supported by Jackson out of the box.
   *
   * @return a new mapper with Weir's defaults
   * @throws IllegalStateException if jackson-datatype-jsr310 is present but cannot be instantiated
   */
  public static ObjectMapper newDefaultObjectMapper() {
    JsonMapper.Builder builder =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS);
    Module javaTime = javaTimeModuleIfPresent();
    if (javaTime != null) {
      builder.addModule(javaTime);
    }
    return builder.build();
  }

  /**
   * The JavaTimeModule, created reflectively so that this class neither links against nor fails
   * without jackson-datatype-jsr310 (also optional); null if it is absent.
   */
  private static Module javaTimeModuleIfPresent() {
    Class<?> moduleClass;
    try {
      moduleClass = Class.forName(JAVA_TIME_MODULE, false, JsonSerde.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError absent) {
      return null;
    }
    try {
      return (Module) moduleClass.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw new IllegalStateException(
          "jackson-datatype-jsr310 is on the classpath but " + JAVA_TIME_MODULE
              + " cannot be created (is its version that of jackson-databind?)",
          e);
    }
  }

  /**
   * The type this serde reads and writes, as Jackson names it (e.g. {@code dev.x.ClickEvent} or
   * {@code java.util.List<dev.x.ClickEvent>}).
   *
   * @return the canonical name of the type
   */
  public String typeName() {
    return typeName;
  }

  /**
   * The serializer: thread-safe, returns the same instance on every call.
   *
   * @return the serializer
   */
  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  /**
   * The deserializer: thread-safe, returns the same instance on every call.
   *
   * @return the deserializer
   */
  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  /** Does nothing: the serde is fully configured when created. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  /** Does nothing: the serde holds no resources. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "JsonSerde[" + typeName + "]";
  }

  /** The shared default mapper, created when a serde first needs it. */
  private static final class Defaults {
    static final ObjectMapper MAPPER = newDefaultObjectMapper();
    static final JsonSerde<JsonNode> TREE = new JsonSerde<>(MAPPER.constructType(JsonNode.class), MAPPER);
  }

  private static final class JsonSerializer<T> implements Serializer<T> {
    private final ObjectWriter writer;
    private final String typeName;

    JsonSerializer(ObjectWriter writer, String typeName) {
      this.writer = writer;
      this.typeName = typeName;
    }

    @Override
    public byte[] serialize(String topic, T data) {
      if (data == null) {
        return null;
      }
      try {
        return writer.writeValueAsBytes(data);
      } catch (JsonProcessingException e) {
        throw new SerializationException(
            "Cannot write " + data.getClass().getName() + " as JSON (declared type " + typeName
                + "): " + jacksonMessage(e),
            e);
      }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
  }

  private static final class JsonDeserializer<T> implements Deserializer<T> {
    private final ObjectReader reader;
    private final String typeName;

    JsonDeserializer(ObjectReader reader, String typeName) {
      this.reader = reader;
      this.typeName = typeName;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
      return data == null ? null : read(data, 0, data.length);
    }

    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
      if (data == null) {
        return null;
      }
      if (data.hasArray()) { // parse in place: no copy
        return read(data.array(), data.arrayOffset() + data.position(), data.remaining());
      }
      byte[] copy = Payloads.copy(data);
      return read(copy, 0, copy.length);
    }

    private T read(byte[] data, int offset, int length) {
      if (length == 0) {
        throw new SerializationException(
            "Cannot read JSON as " + typeName
                + ": the payload is empty (0 bytes), which is not JSON (a tombstone is a null"
                + " payload, not an empty one)");
      }
      try {
        return reader.readValue(data, offset, length);
      } catch (IOException | RuntimeException e) {
        throw new SerializationException(describe(e, data, offset, length), e);
      }
    }

    private String describe(Exception e, byte[] data, int offset, int length) {
      StringBuilder message =
          new StringBuilder(200).append("Cannot read JSON as ").append(typeName).append(": ");
      message.append(jacksonMessage(e));
      if (e instanceof JsonMappingException) {
        String path = path(((JsonMappingException) e).getPath());
        if (!path.isEmpty()) {
          message.append(" (field ").append(path).append(')');
        }
      }
      if (e instanceof JsonProcessingException) {
        JsonLocation location = ((JsonProcessingException) e).getLocation();
        if (location != null) {
          long at = location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
          if (at >= 0) {
            message.append(" at offset ").append(at);
          }
        }
      }
      return message
          .append("; the first bytes were: ")
          .append(Payloads.excerpt(data, offset, length))
          .toString();
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
  }

  /** Jackson's message without the location and source it appends, made printable and short. */
  private static String jacksonMessage(Exception e) {
    String message =
        e instanceof JsonProcessingException
            ? ((JsonProcessingException) e).getOriginalMessage()
            : Payloads.messages(e);
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return Payloads.printable(message);
  }

  /** A reference chain as {@code order.items[2].price}. */
  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        out.append('[').append(reference.getIndex()).append(']');
      }
    }
    return out.toString();
  }
}
