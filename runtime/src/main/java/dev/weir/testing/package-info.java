/**
 * Testing pipelines without a broker: {@link dev.weir.testing.PipelineTestDriver} runs a pipeline
 * in-process with the real operators and in-memory state, and lets a test move event time and
 * processing time by hand.
 */
package dev.weir.testing;
