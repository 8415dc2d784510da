/** Assigning whole tasks to the members of the consumer group. Not public API. */
package dev.weir.internal.runtime.assign;
