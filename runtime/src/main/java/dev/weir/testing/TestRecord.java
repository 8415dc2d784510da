package dev.weir.testing;

import java.time.Instant;

/**
 * A record read from an output of a {@link PipelineTestDriver}.
 *
 * @param key null when the record has no key
 * @param timestamp the record's timestamp (its event time)
 */
public record TestRecord<K, V>(K key, V value, Instant timestamp) {}
