/**
 * The pipeline API: a {@link dev.weir.api.Pipeline} of sources, {@link dev.weir.api.Stream}s,
 * {@link dev.weir.api.KeyedStream}s and sinks.
 *
 * <p>Types are non-null unless a parameter or return value says it may be null.
 */
package dev.weir.api;
