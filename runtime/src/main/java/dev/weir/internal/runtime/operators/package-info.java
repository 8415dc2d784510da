/**
 * The operators of a task, chained by plain method calls. Per-record code: written for speed.
 * Not public API.
 */
package dev.weir.internal.runtime.operators;
