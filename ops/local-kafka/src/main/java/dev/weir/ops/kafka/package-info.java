/**
 * Real Apache Kafka brokers (KRaft, combined broker and controller) started as child JVM
 * processes on loopback, for integration tests and demos.
 *
 * <p>Entry points: {@link dev.weir.ops.kafka.LocalKafka} (Java API) and
 * {@link dev.weir.ops.kafka.LocalKafkaMain} ({@code java -jar weir-local-kafka.jar}).
 *
 * <p>How it works: the broker's jars (kafka_2.13 and its dependencies, about 45 jars) are shipped
 * inside this module's jar under {@code weir-kafka-lib/}, listed by {@code weir-kafka-lib/index}.
 * {@code BrokerLibrary} extracts them once per machine into a content-addressed cache directory
 * and each broker runs as {@code java -cp <those jars>:<wrapper dir> dev.weir.ops.kafka.BrokerMain}.
 * The launcher itself uses only the JDK, so depending on this module adds no broker classes to a
 * caller's classpath. {@code BrokerMain} exits when its standard input reaches end of file, which
 * happens when the JVM that started it dies, so a broker never outlives its parent.
 */
package dev.weir.ops.kafka;
