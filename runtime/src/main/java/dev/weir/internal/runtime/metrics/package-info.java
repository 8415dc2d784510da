/**
 * The worker's meters: their names and tags, the per-task and per-partition gauges, and the JMX
 * registry a worker makes when it is given none. Not public API.
 */
package dev.weir.internal.runtime.metrics;
