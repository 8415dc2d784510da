package dev.weir.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversion;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An Avro serde using Avro's <a
 * href="https://avro.apache.org/docs/current/specification/#single-object-encoding">single-object
 * encoding</a>: every payload is the two marker bytes {@code C3 01}, the 8-byte little-endian
 * CRC-64-AVRO fingerprint of the writer schema's parsing canonical form, then the Avro binary
 * encoding of the datum. The payload therefore says which schema wrote it, without a schema
 * registry; the reader must know that schema.
 *
 * <p>Obtain one from {@link Serdes#avroGeneric(Schema)}, {@link Serdes#avroSpecific(Class)} (and
 * their overloads taking older writer schemas), or from {@link #genericBuilder(Schema)} and
 * {@link #specificBuilder(Class)} for the other options.
 *
 * <p><b>Schemas:</b> values are written with the serde's schema (the reader schema given to the
 * builder, or the specific class's {@code SCHEMA$}). Payloads written with that schema are always
 * readable; payloads written with another schema are readable if that schema was registered with
 * {@link Builder#addWriterSchema(Schema)} or is found by the {@link Builder#schemaStore
 * SchemaStore}; they are then resolved to the reader schema by Avro's schema resolution (fields
 * the writer lacks take their defaults, fields the reader lacks are skipped).
 *
 * <p><b>Thread-safety:</b> the serde, its serializer and its deserializer may be used by any number
 * of threads at once. They share one {@link BinaryMessageEncoder} and one {@link
 * BinaryMessageDecoder}, which Avro documents as thread-safe: their mutable parts (the {@code
 * BinaryEncoder}/{@code BinaryDecoder}, the output buffer, the header buffer and the input stream
 * wrapper) are kept per thread in {@code ThreadLocal}s inside Avro, the datum writers hold no
 * state, the datum readers cache their resolvers per thread, and the decoder's table of writer
 * schemas is a {@code ConcurrentHashMap}. So no per-call encoder or decoder objects are needed
 * here. Records passed to the serializer must not be modified by other threads while it runs.
 * {@link #configure} and {@link #close} do nothing.
 *
 * <p><b>Nulls:</b> a null value serializes to null (a Kafka tombstone); a null payload
 * deserializes to null.
 *
 * <p><b>Errors:</b> the deserializer throws {@link SerializationException} for a payload that does
 * not start with the single-object header ("expected Avro single-object encoding (header C3 01)
 * but the first bytes were ..."), that is shorter than the header, whose fingerprint names an
 * unknown writer schema (the message names the fingerprint and says the writer schema must be
 * registered), or whose body cannot be decoded. The serializer throws {@link
 * SerializationException} when the datum does not fit the schema, and, for generic records, when
 * the record's schema is not the serde's schema.
 *
 * <p>This class references Avro (an optional dependency of Weir): it is only loaded when an Avro
 * serde is requested.
 *
 * @param <T> {@link GenericRecord} or a {@link SpecificRecord} class
 */
public final class AvroSerde<T extends GenericContainer> implements Serde<T> {

  private static final byte MAGIC_0 = (byte) 0xC3;
  private static final byte MAGIC_1 = (byte) 0x01;
  private static final int HEADER_LENGTH = 10;

  private final Schema schema;
  private final String name;
  private final AvroSerializer serializer;
  private final AvroDeserializer deserializer;
  /** Fingerprints of the reader schema and of the registered writer schemas, for messages. */
  private final List<Long> knownFingerprints;
  private final boolean hasSchemaStore;

  private AvroSerde(Builder<T> builder) {
    this.schema = builder.schema;
    this.name = schema.getFullName();
    GenericData model = builder.model;
    // shouldCopy = true: encode(datum) returns a buffer over a fresh, exactly sized array (one
    // copy out of Avro's thread-local buffer), which the serializer returns without copying again.
    BinaryMessageEncoder<T> encoder = new BinaryMessageEncoder<>(model, schema, true);
    BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(model, schema, builder.store);
    Set<Long> fingerprints = new LinkedHashSet<>();
    fingerprints.add(SchemaNormalization.parsingFingerprint64(schema));
    for (Schema writer : builder.writerSchemas) {
      decoder.addSchema(writer);
      fingerprints.add(SchemaNormalization.parsingFingerprint64(writer));
    }
    this.knownFingerprints = List.copyOf(fingerprints);
    this.hasSchemaStore = builder.store != null;
    this.serializer = new AvroSerializer(encoder, builder.specific ? null : schema);
    this.deserializer = new AvroDeserializer(decoder);
  }

  /**
   * A builder for a serde of {@link GenericRecord}s with the given reader schema, which is also
   * the schema values are written with.
   *
   * @param readerSchema a record schema
   * @return a new builder
   * @throws NullPointerException if {@code readerSchema} is null
   * @throws IllegalArgumentException if {@code readerSchema} is not a record schema
   */
  public static Builder<GenericRecord> genericBuilder(Schema readerSchema) {
    Objects.requireNonNull(readerSchema, "readerSchema");
    if (readerSchema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(
          "A GenericRecord serde needs a record schema, not " + readerSchema.getType() + ": "
              + readerSchema);
    }
    return new Builder<>(readerSchema, GenericData.get(), false);
  }

  /**
   * A builder for a serde of the given Avro specific-record class (typically generated by
   * avro-tools or the Avro Maven plugin). The class's schema ({@code SCHEMA$}) is the reader
   * schema and the schema values are written with.
   *
   * <p>The data model is a {@link SpecificData} for the class's class loader, with the logical-type
   * conversions of the class's {@code MODEL$} if it has one (generated classes do), that maps the
   * record class and the records, enums and fixed types its schema references (found by their
   * schema names in the class's class loader, and only if they are specific-record, enum or
   * fixed classes) to their classes directly. Avro 1.12.2 and later otherwise look those classes
   * up by name through {@code org.apache.avro.util.ClassSecurityValidator}, which rejects
   * application classes unless they are listed in the {@code org.apache.avro.SERIALIZABLE_CLASSES}
   * or {@code SERIALIZABLE_PACKAGES} system properties: handing the class to this method is taken
   * as the declaration that it is trusted. Any other class name (say, a {@code java-class}
   * property in a schema) is still looked up, and checked, by Avro.
   *
   * @param type the record class; it must have a public no-argument constructor and a static
   *     {@code SCHEMA$} field
   * @param <T> the record type
   * @return a new builder
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalArgumentException if the class's schema cannot be found
   */
  public static <T extends SpecificRecord> Builder<T> specificBuilder(Class<T> type) {
    Objects.requireNonNull(type, "type");
    SpecificData classModel = SpecificData.getForClass(type);
    Schema schema;
    try {
      schema = classModel.getSchema(type);
    } catch (AvroRuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot find the Avro schema of " + type.getName()
              + " (expected a specific record class with a static SCHEMA$ field): "
              + e.getMessage(),
          e);
    }
    if (schema == null || schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(
          type.getName() + " has no Avro record schema (SCHEMA$): " + schema);
    }
    SpecificData model = ClassBoundSpecificData.create(type, schema, classModel);
    Builder<T> builder = new Builder<>(schema, model, true);
    builder.type = type;
    return builder;
  }

  /**
   * The schema values are written with and read into (the reader schema).
   *
   * @return the schema
   */
  public Schema schema() {
    return schema;
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

  /** Does nothing: the serde is fully configured when built. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  /** Does nothing: the serde holds no resources. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "AvroSerde[" + name + "]";
  }

  private static String fingerprint(long fingerprint) {
    return String.format("%d (0x%016X)", fingerprint, fingerprint);
  }

  private final class AvroSerializer implements Serializer<T> {
    private final BinaryMessageEncoder<T> encoder;
    /** For generic records, the schema a record must have; null for specific records. */
    private final Schema requiredSchema;
    /**
     * The last record schema found equal to {@link #requiredSchema} but not the same instance, so
     * records built from a separately parsed copy of the schema are compared deeply only once.
     * A benign race: at worst a thread compares again.
     */
    private volatile Schema equalSchema;

    AvroSerializer(BinaryMessageEncoder<T> encoder, Schema requiredSchema) {
      this.encoder = encoder;
      this.requiredSchema = requiredSchema;
    }

    @Override
    public byte[] serialize(String topic, T data) {
      if (data == null) {
        return null;
      }
      if (requiredSchema != null) {
        checkSchema(data.getSchema());
      }
      ByteBuffer encoded;
      try {
        encoded = encoder.encode(data);
      } catch (IOException | RuntimeException e) {
        throw new SerializationException(
            "Cannot write " + data.getClass().getName() + " as Avro " + name + ": "
                + Payloads.messages(e),
            e);
      }
      if (encoded.hasArray()
          && encoded.arrayOffset() == 0
          && encoded.position() == 0
          && encoded.remaining() == encoded.array().length) {
        return encoded.array();
      }
      return Payloads.copy(encoded);
    }

    /**
     * Avro's writer takes field values by position in the serde's schema, so a record of another
     * schema would be written as garbage or fail obscurely: reject it with a clear message.
     */
    private void checkSchema(Schema recordSchema) {
      if (recordSchema == requiredSchema || recordSchema == equalSchema) {
        return;
      }
      if (recordSchema != null && recordSchema.equals(requiredSchema)) {
        equalSchema = recordSchema;
        return;
      }
      throw new SerializationException(
          "Cannot write a GenericRecord of schema "
              + (recordSchema == null
                  ? "null"
                  : recordSchema.getFullName() + " (fingerprint "
                      + fingerprint(SchemaNormalization.parsingFingerprint64(recordSchema)) + ")")
              + " with the Avro serde of schema " + name + " (fingerprint "
              + fingerprint(knownFingerprints.get(0))
              + "): the record must be built with the serde's schema");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
  }

  private final class AvroDeserializer implements Deserializer<T> {
    private final BinaryMessageDecoder<T> decoder;

    AvroDeserializer(BinaryMessageDecoder<T> decoder) {
      this.decoder = decoder;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
      if (data == null) {
        return null;
      }
      checkHeader(data, 0, data.length);
      try {
        return decoder.decode(data, null);
      } catch (MissingSchemaException e) {
        throw unknownFingerprint(data, 0, data.length, e);
      } catch (IOException | RuntimeException e) {
        throw undecodable(data, 0, data.length, e);
      }
    }

    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
      if (data == null) {
        return null;
      }
      if (!data.hasArray()) {
        return deserialize(topic, Payloads.copy(data));
      }
      byte[] array = data.array();
      int offset = data.arrayOffset() + data.position();
      int length = data.remaining();
      checkHeader(array, offset, length);
      try {
        return decoder.decode(data, null); // reads a duplicate: data's position is unchanged
      } catch (MissingSchemaException e) {
        throw unknownFingerprint(array, offset, length, e);
      } catch (IOException | RuntimeException e) {
        throw undecodable(array, offset, length, e);
      }
    }

    private void checkHeader(byte[] data, int offset, int length) {
      if ((length >= 1 && data[offset] != MAGIC_0) || (length >= 2 && data[offset + 1] != MAGIC_1)) {
        throw new SerializationException(
            "Cannot read Avro " + name
                + ": expected Avro single-object encoding (header C3 01) but the first bytes were "
                + Payloads.hex(data, offset, length) + " (as text: "
                + Payloads.excerpt(data, offset, length) + ")");
      }
      if (length < HEADER_LENGTH) {
        throw new SerializationException(
            "Cannot read Avro " + name
                + ": expected Avro single-object encoding (header C3 01 and an 8-byte schema"
                + " fingerprint) but the payload has only " + Payloads.bytes(length)
                + (length == 0 ? "" : ": " + Payloads.hex(data, offset, length)));
      }
    }

    private SerializationException unknownFingerprint(
        byte[] data, int offset, int length, MissingSchemaException e) {
      return new SerializationException(
          "Cannot read Avro " + name + ": the payload was written with the unknown schema"
              + " fingerprint " + fingerprint(fingerprintOf(data, offset))
              + "; the writer schema must be registered with the serde"
              + " (AvroSerde.Builder.addWriterSchema, or the olderWriterSchemas of"
              + " Serdes.avroGeneric/avroSpecific"
              + (hasSchemaStore ? ", or be found by its SchemaStore" : "")
              + "); known fingerprints: " + knownFingerprints,
          e);
    }

    private SerializationException undecodable(
        byte[] data, int offset, int length, Exception e) {
      String problem =
          e instanceof BadHeaderException ? "bad single-object header" : Payloads.messages(e);
      return new SerializationException(
          "Cannot read Avro " + name + " (writer schema fingerprint "
              + fingerprint(fingerprintOf(data, offset)) + "): " + problem
              + "; the payload has " + Payloads.bytes(length) + ", the first bytes were "
              + Payloads.hex(data, offset, length),
          e);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
  }

  /** The fingerprint in a header already checked to be complete: bytes 2 to 9, little-endian. */
  private static long fingerprintOf(byte[] data, int offset) {
    long fingerprint = 0;
    for (int i = HEADER_LENGTH - 1; i >= 2; i--) {
      fingerprint = (fingerprint << 8) | (data[offset + i] & 0xFF);
    }
    return fingerprint;
  }

  /**
   * The data model of specific-record serdes: resolves the named types of one record class's
   * schema to classes found up front, and everything else as {@link SpecificData} does. See
   * {@link #specificBuilder(Class)}. Thread-safe: the map is immutable; the rest is SpecificData's.
   */
  private static final class ClassBoundSpecificData extends SpecificData {
    private final Map<String, Class<?>> classes;

    private ClassBoundSpecificData(ClassLoader loader, Map<String, Class<?>> classes) {
      super(loader);
      this.classes = classes;
    }

    static SpecificData create(Class<?> type, Schema schema, SpecificData classModel) {
      Map<String, Class<?>> classes = new HashMap<>();
      classes.put(schema.getFullName(), type);
      for (Schema.Field field : schema.getFields()) {
        collectNamedTypes(field.schema(), type.getClassLoader(), classes);
      }
      ClassBoundSpecificData model = new ClassBoundSpecificData(type.getClassLoader(), Map.copyOf(classes));
      for (Conversion<?> conversion : classModel.getConversions()) {
        model.addLogicalTypeConversion(conversion);
      }
      model.setFastReaderEnabled(classModel.isFastReaderEnabled());
      return model;
    }

    private static void collectNamedTypes(Schema schema, ClassLoader loader, Map<String, Class<?>> out) {
      switch (schema.getType()) {
        case RECORD:
        case ENUM:
        case FIXED:
          if (out.containsKey(schema.getFullName())) {
            return; // also ends recursion through recursive types
          }
          Class<?> found = load(SpecificData.getClassName(schema), loader);
          boolean fits =
              found != null
                  && (schema.getType() == Schema.Type.RECORD
                      ? SpecificRecord.class.isAssignableFrom(found)
                      : schema.getType() == Schema.Type.ENUM
                          ? found.isEnum()
                          : GenericFixed.class.isAssignableFrom(found));
          if (!fits) {
            return; // left to SpecificData (and its security check)
          }
          out.put(schema.getFullName(), found);
          if (schema.getType() == Schema.Type.RECORD) {
            for (Schema.Field field : schema.getFields()) {
              collectNamedTypes(field.schema(), loader, out);
            }
          }
          return;
        case ARRAY:
          collectNamedTypes(schema.getElementType(), loader, out);
          return;
        case MAP:
          collectNamedTypes(schema.getValueType(), loader, out);
          return;
        case UNION:
          for (Schema branch : schema.getTypes()) {
            collectNamedTypes(branch, loader, out);
          }
          return;
        default:
      }
    }

    /** Loads without initializing (the class may be untrusted); null if absent. */
    private static Class<?> load(String name, ClassLoader loader) {
      try {
        return Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getClass(Schema schema) {
      Schema.Type kind = schema.getType();
      if (kind == Schema.Type.RECORD || kind == Schema.Type.ENUM || kind == Schema.Type.FIXED) {
        Class<?> known = classes.get(schema.getFullName());
        if (known != null) {
          return known;
        }
      }
      return super.getClass(schema);
    }
  }

  /**
   * Builds an {@link AvroSerde}. Obtained from {@link AvroSerde#genericBuilder(Schema)} or {@link
   * AvroSerde#specificBuilder(Class)}. Not thread-safe; the serdes it builds are.
   *
   * @param <T> {@link GenericRecord} or a {@link SpecificRecord} class
   */
  public static final class Builder<T extends GenericContainer> {
    private final Schema schema;
    private final boolean specific;
    private final List<Schema> writerSchemas = new ArrayList<>();
    private GenericData model;
    private SchemaStore store;
    private Class<?> type;

    private Builder(Schema schema, GenericData model, boolean specific) {
      this.schema = schema;
      this.model = model;
      this.specific = specific;
    }

    /**
     * Registers a schema that payloads may have been written with (typically an older version
     * of the reader schema), so that they are decoded and resolved to the reader schema.
     *
     * @param writerSchema a schema that the reader schema can read
     * @return this builder
     * @throws NullPointerException if {@code writerSchema} is null
     * @throws IllegalArgumentException if the reader schema cannot read data written with {@code
     *     writerSchema} (per {@link SchemaCompatibility}), naming the incompatibilities
     */
    public Builder<T> addWriterSchema(Schema writerSchema) {
      Objects.requireNonNull(writerSchema, "writerSchema");
      SchemaCompatibility.SchemaPairCompatibility compatibility =
          SchemaCompatibility.checkReaderWriterCompatibility(schema, writerSchema);
      if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        StringBuilder problems = new StringBuilder();
        for (SchemaCompatibility.Incompatibility incompatibility :
            compatibility.getResult().getIncompatibilities()) {
          if (problems.length() > 0) {
            problems.append("; ");
          }
          problems
              .append(incompatibility.getMessage())
              .append(" at ")
              .append(incompatibility.getLocation());
        }
        throw new IllegalArgumentException(
            "Reader schema " + schema.getFullName() + " cannot read data written with writer schema "
                + writerSchema.getFullName() + " (fingerprint "
                + fingerprint(SchemaNormalization.parsingFingerprint64(writerSchema)) + "): "
                + problems);
      }
      writerSchemas.add(writerSchema);
      return this;
    }

    /**
     * Registers several writer schemas; see {@link #addWriterSchema(Schema)}.
     *
     * @param writerSchemas schemas that the reader schema can read
     * @return this builder
     * @throws NullPointerException if the array or one of its schemas is null
     * @throws IllegalArgumentException if the reader schema cannot read one of them
     */
    public Builder<T> addWriterSchemas(Schema... writerSchemas) {
      Objects.requireNonNull(writerSchemas, "writerSchemas");
      for (Schema writerSchema : Arrays.asList(writerSchemas)) {
        addWriterSchema(writerSchema);
      }
      return this;
    }

    /**
     * A store consulted for fingerprints that are neither the reader schema's nor a registered
     * writer schema's (for instance a registry lookup, or Avro's {@link SchemaStore.Cache}). It is
     * called from the deserializing threads, so it must be thread-safe; a schema it returns is
     * remembered. Schemas it returns are not checked for compatibility up front: an incompatible
     * one fails the records written with it.
     *
     * @param schemaStore the store, or null for none (the default)
     * @return this builder
     */
    public Builder<T> schemaStore(SchemaStore schemaStore) {
      this.store = schemaStore;
      return this;
    }

    /**
     * The Avro data model, for instance a {@link GenericData} with logical-type conversions
     * registered (so that {@code timestamp-millis} fields read as {@code Instant}). Defaults to
     * {@link GenericData#get()} for generic records and to the class's model for specific ones.
     *
     * @param model the data model; for a specific-record serde it must be a {@link SpecificData},
     *     and it is used as given: its {@code getClass(Schema)} must find the record classes (with
     *     Avro 1.12.2 and later, by listing them in {@code org.apache.avro.SERIALIZABLE_CLASSES} or
     *     {@code SERIALIZABLE_PACKAGES}, or by overriding that method)
     * @return this builder
     * @throws NullPointerException if {@code model} is null
     * @throws IllegalArgumentException if this builds a specific-record serde and {@code model} is
     *     not a {@link SpecificData}
     */
    public Builder<T> dataModel(GenericData model) {
      Objects.requireNonNull(model, "model");
      if (specific && !(model instanceof SpecificData)) {
        throw new IllegalArgumentException(
            "A specific-record serde for " + type.getName() + " needs a SpecificData model, not "
                + model.getClass().getName());
      }
      this.model = model;
      return this;
    }

    /**
     * Builds the serde. The builder may be used again afterwards.
     *
     * @return a new, thread-safe serde
     */
    public AvroSerde<T> build() {
      return new AvroSerde<>(this);
    }
  }
}
