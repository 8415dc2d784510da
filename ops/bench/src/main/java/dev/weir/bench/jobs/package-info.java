/**
 * The contenders' jobs, one class each (raw pipe, Kafka Streams, Weir), the data they share, and
 * the entry point of a contender process. Not public API.
 */
package dev.weir.bench.jobs;
