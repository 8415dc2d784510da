/**
 * Serdes for Weir pipelines. Weir takes Kafka's own {@link
 * org.apache.kafka.common.serialization.Serde} everywhere, so any Kafka serde works; {@link
 * dev.weir.serde.Serdes} is the entry point for the ones Weir provides: UTF-8 strings, longs, ints
 * and raw bytes (wire-compatible with Kafka's built-in serdes), JSON via Jackson ({@link
 * dev.weir.serde.JsonSerde}: records, beans, generic types and schemaless trees) and Avro in
 * single-object encoding ({@link dev.weir.serde.AvroSerde}: generic and specific records, with
 * older writer schemas for schema evolution).
 *
 * <p>All serdes of this package are thread-safe, map null to null in both directions, and signal
 * an undecodable payload with Kafka's {@link
 * org.apache.kafka.common.errors.SerializationException}, with a message that says what was
 * expected and shows a printable excerpt of the payload's first bytes; the runtime routes such
 * records to the dead-letter topic.
 *
 * <p>Jackson and Avro are optional dependencies: the classes that use them ({@code JsonSerde},
 * {@code AvroSerde}) are loaded only when a JSON or Avro serde is requested, so {@code Serdes} and
 * its string, long, int and byte serdes work without either library on the classpath.
 */
package dev.weir.serde;
