package dev.weir.api.functions;

/**
 * Reads a record's event time, in epoch milliseconds, from its value. Called once per record at
 * the source.
 */
@FunctionalInterface
public interface TimestampAssigner<T> {

  /**
   * @param value the deserialized value
   * @param recordTimestamp the Kafka record's timestamp, in epoch milliseconds
   */
  long timestamp(T value, long recordTimestamp) throws Exception;
}
