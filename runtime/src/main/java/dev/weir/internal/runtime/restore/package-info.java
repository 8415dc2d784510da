/** Bringing a task's local store up to its changelog. Not public API. */
package dev.weir.internal.runtime.restore;
