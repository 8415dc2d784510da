/**
 * The logical graph a {@link dev.weir.api.Pipeline} builds: what the planner reads to make stages
 * and tasks.
 *
 * <p>Not public API: it may change in any release.
 */
package dev.weir.internal.graph;
