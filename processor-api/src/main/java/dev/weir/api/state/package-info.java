/**
 * Keyed state: declared with a {@link dev.weir.api.state.StateDescriptor}, obtained in
 * {@link dev.weir.api.functions.KeyedProcessFunction#open}, always scoped to the key of the record
 * being processed. Every write is kept in the task's local store and its changelog topic
 * {@code <application.id>-<state name>-changelog}, and is committed with the record's output.
 */
package dev.weir.api.state;
