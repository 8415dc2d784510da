/** Running pipelines: the {@link dev.weir.runtime.Worker}. */
package dev.weir.runtime;
