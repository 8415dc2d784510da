package dev.weir.internal.runtime.task;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/** The tasks a thread owns, by id and by input partition. Used only by that thread. */
public final class TaskRegistry {

  private final Map<TaskId, Task> byId = new TreeMap<>();
  private final Map<TopicPartition, Task> byPartition = new HashMap<>();

  public void add(Task task) {
    byId.put(task.id(), task);
    task.partitions().forEach(partition -> byPartition.put(partition, task));
  }

  public Task remove(TaskId id) {
    Task task = byId.remove(id);
    if (task != null) {
      task.partitions().forEach(byPartition::remove);
    }
    return task;
  }

  /** The task reading {@code partition}, or null. */
  public Task byPartition(TopicPartition partition) {
    return byPartition.get(partition);
  }

  public Collection<Task> all() {
    return byId.values();
  }

  public Set<TaskId> ids() {
    return new TreeSet<>(byId.keySet());
  }

  public List<TopicPartition> partitions() {
    return List.copyOf(byPartition.keySet());
  }

  public boolean isEmpty() {
    return byId.isEmpty();
  }
}
