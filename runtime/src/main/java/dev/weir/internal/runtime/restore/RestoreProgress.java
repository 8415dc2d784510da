package dev.weir.internal.runtime.restore;

/** Told how far a task's restore has come: feeds {@code weir.restore.records.remaining}. */
@FunctionalInterface
public interface RestoreProgress {

  /** Ignores every report. */
  RestoreProgress NONE = (task, records) -> {};

  /**
   * Called on the restoring thread when a restore starts, after each batch it applies, and with 0
   * when it is done.
   *
   * @param task the task's id
   * @param records changelog records still to replay, over all its states: end offset minus
   *     position, so transaction markers count too
   */
  void remaining(String task, long records);
}
