package dev.weir.internal.runtime.assign;

/**
 * How many copies of each task's state the assignor keeps, and how close a copy must be to take a
 * task over.
 *
 * @param standbyReplicas standby copies per stateful task, on other instances than its active
 * @param acceptableLag changelog records a copy may trail by and still count as caught up
 * @param maxWarmups tasks warming up on their next owners at once, over the whole group
 */
public record AssignmentSettings(int standbyReplicas, long acceptableLag, int maxWarmups) {}
