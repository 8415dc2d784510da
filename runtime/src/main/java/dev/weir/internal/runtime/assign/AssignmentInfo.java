package dev.weir.internal.runtime.assign;

import dev.weir.internal.runtime.task.TaskId;
import java.util.Optional;
import java.util.Set;

/**
 * What a rebalance gave a member besides its partitions: the tasks whose state it follows, and
 * an error that must stop it.
 *
 * @param error why this member may not run, when the group cannot take it
 * @param standbys tasks to keep standby copies of
 * @param warmups tasks to warm up before they move here; the member asks for a rebalance once a
 *     copy is caught up
 */
public record AssignmentInfo(Optional<String> error, Set<TaskId> standbys, Set<TaskId> warmups) {

  public AssignmentInfo {
    standbys = Set.copyOf(standbys);
    warmups = Set.copyOf(warmups);
  }
}
