/**
 * The runtime: planner, worker threads, tasks, operators, commit protocol and restore.
 *
 * <p>Not public API: pipelines never see these classes, and they may change in any release.
 */
package dev.weir.internal.runtime;
