package dev.weir.internal.runtime.assign;

import dev.weir.internal.runtime.plan.Plan;
import dev.weir.internal.runtime.task.TaskId;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a thread's assignor needs from the worker: the plan (which topics form a task), the
 * instance's id, and the tasks the thread held before the rebalance (to keep them where they
 * are). Handed to the assignor through the consumer's config.
 */
public record AssignorContext(Plan plan, String processId, Supplier<Set<TaskId>> previousTasks) {}
