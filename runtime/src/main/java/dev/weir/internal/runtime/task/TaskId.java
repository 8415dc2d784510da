package dev.weir.internal.runtime.task;

/** A stage on one partition number. Written {@code <stage>_<partition>}, as its state folder is. */
public record TaskId(int stage, int partition) implements Comparable<TaskId> {

  /** Parses {@code <stage>_<partition>}. */
  public static TaskId parse(String text) {
    int separator = text.indexOf('_');
    if (separator < 0) {
      throw new IllegalArgumentException("Not a task id: '" + text + "'");
    }
    return new TaskId(
        Integer.parseInt(text.substring(0, separator)),
        Integer.parseInt(text.substring(separator + 1)));
  }

  @Override
  public int compareTo(TaskId other) {
    int byStage = Integer.compare(stage, other.stage);
    return byStage != 0 ? byStage : Integer.compare(partition, other.partition);
  }

  @Override
  public String toString() {
    return stage + "_" + partition;
  }
}
