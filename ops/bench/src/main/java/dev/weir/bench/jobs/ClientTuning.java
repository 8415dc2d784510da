package dev.weir.bench.jobs;

import java.util.Map;

/**
 * Kafka client settings that every contender gets, so none wins by its client defaults. They are
 * the throughput advice of Kafka's and Kafka Streams' documentation that fits one local broker:
 * larger producer batches with a short linger, and 1,000 records per poll (the default of both
 * Weir and Kafka Streams). No compression: on loopback it only costs CPU.
 */
public final class ClientTuning {

  public static final Map<String, Object> PRODUCER =
      Map.of("linger.ms", 5, "batch.size", 128 * 1024);

  public static final Map<String, Object> CONSUMER = Map.of("max.poll.records", 1000);

  /** Bytes of uncommitted state per thread: Weir's default, given to Kafka Streams too. */
  public static final long STATE_CACHE_BYTES = 16L * 1024 * 1024;

  private ClientTuning() {}
}
