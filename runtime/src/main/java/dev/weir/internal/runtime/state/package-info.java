/** The keyed state handles functions use, over a task's write cache. Not public API. */
package dev.weir.internal.runtime.state;
