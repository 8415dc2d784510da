/**
 * Weir's benchmarks: {@code java -jar ops/bench/target/weir-bench.jar e2e|recovery|scale-out|jmh}.
 * Not public API. See {@code docs/benchmarks.md}.
 */
package dev.weir.bench;
