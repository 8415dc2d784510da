/**
 * The runners: a local broker, the input, the contender processes and what is measured about
 * them (throughput, latency, peak RSS, CPU, recovery time, scale-out pause). Not public API.
 */
package dev.weir.bench.e2e;
