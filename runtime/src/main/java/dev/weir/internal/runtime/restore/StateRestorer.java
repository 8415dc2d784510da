package dev.weir.internal.runtime.restore;

import dev.weir.internal.state.TaskStore;

/** Brings a task's store up to its changelog before the task runs. */
@FunctionalInterface
public interface StateRestorer {

  /**
   * @param changelogTopics topic of each state, by state index
   * @param partition the task's partition number
   * @return changelog records applied
   */
  long restore(TaskStore store, String[] changelogTopics, int partition, String task);
}
