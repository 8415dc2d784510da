/**
 * The functions a pipeline is made of.
 *
 * <p>Stateless functions ({@link dev.weir.api.functions.MapFunction},
 * {@link dev.weir.api.functions.FilterFunction}, {@link dev.weir.api.functions.FlatMapFunction},
 * {@link dev.weir.api.functions.KeySelector}, ...) are shared by every task and thread of a worker:
 * they must be stateless or thread-safe. A {@link dev.weir.api.functions.KeyedProcessFunction} is
 * created once per task from the supplier the pipeline was given, so it may keep fields.
 *
 * <p>Functions may throw: what happens to the record is decided by the {@code errors.handler}
 * option (fail, skip, or dead-letter, the default).
 */
package dev.weir.api.functions;
