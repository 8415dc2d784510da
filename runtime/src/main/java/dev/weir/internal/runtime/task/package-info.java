/** Tasks: one stage on one partition, their creation and registry. Not public API. */
package dev.weir.internal.runtime.task;
