/** Watermarks of tasks and their partitions, and timers. Not public API. */
package dev.weir.internal.runtime.time;
