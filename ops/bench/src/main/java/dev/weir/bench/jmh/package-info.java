/**
 * JMH microbenchmarks of Weir's per-record hot path: serdes, state through the write cache, the
 * local half of a commit, window assignment, and whole operator chains. Not public API.
 */
package dev.weir.bench.jmh;
