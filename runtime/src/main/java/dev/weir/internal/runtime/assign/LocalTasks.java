package dev.weir.internal.runtime.assign;

import dev.weir.internal.runtime.task.TaskId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task state this instance holds, shared by its threads: which thread has a task's store
 * open (one at a time), and how far each local copy has read its changelog, which every thread
 * reports to the assignor so tasks go where their state already is.
 *
 * <p>A store's progress is the sum of its changelog offsets. Open stores report it as they go; a
 * store that closes leaves it in a small file in its folder ({@value #OFFSETS_FILE}), read back
 * when the instance reports stores it does not have open. The file only guides placement: the
 * store's own offsets decide what a restore replays.
 *
 * <p>Folders of tasks no thread has held for {@code state.cleanup.delay} are deleted ({@link
 * #maybeCleanUp}).
 *
 * <p>Thread-safe.
 */
public final class LocalTasks {

  static final String OFFSETS_FILE = "weir.offsets";
  private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(LocalTasks.class);

  private final Path directory;
  private final boolean persistent;
  private final Map<TaskId, Object> holders = new ConcurrentHashMap<>();
  private final Map<TaskId, Long> openOffsets = new ConcurrentHashMap<>();
  private final Duration cleanupDelay;
  private final AtomicLong nextCleanup;

  /**
   * @param directory the application's state folder, with one folder per task
   * @param persistent whether stores outlive the process (false for in-memory state)
   * @param cleanupDelay how long the state of a task no thread holds stays on disk
   */
  public LocalTasks(Path directory, boolean persistent, Duration cleanupDelay) {
    this.directory = directory;
    this.persistent = persistent;
    this.cleanupDelay = cleanupDelay;
    // Not before the instance has run for the delay: a folder it gets back after a long outage
    // is opened (and so touched) by then.
    this.nextCleanup = new AtomicLong(System.nanoTime() + cleanupDelay.toNanos());
  }

  /**
   * Called by every thread each cycle: about once a minute, one of them runs {@link #cleanUp}
   * with the configured delay.
   */
  public void maybeCleanUp() {
    long due = nextCleanup.get();
    long now = System.nanoTime();
    if (now - due >= 0 && nextCleanup.compareAndSet(due, now + CLEANUP_INTERVAL.toNanos())) {
      cleanUp(cleanupDelay, Instant.now());
    }
  }

  /**
   * Takes the right to open the task's store. False while another thread of this instance holds
   * it (it is about to close it, after a rebalance): try again later.
   */
  public boolean tryLock(TaskId task, Object holder) {
    Object current = holders.putIfAbsent(task, holder);
    return current == null || current == holder;
  }

  /** Gives up the right to open the task's store; nothing when {@code holder} does not hold it. */
  public void unlock(TaskId task, Object holder) {
    holders.remove(task, holder);
  }

  /**
   * A store opened at {@code offsetSum}. Its record on disk goes: while the store is open its
   * offsets may change in any direction (a wipe), and a process that dies now leaves no stale
   * record behind.
   */
  public void opened(TaskId task, long offsetSum) {
    openOffsets.put(task, offsetSum);
    if (persistent) {
      try {
        Files.deleteIfExists(directory.resolve(task.toString()).resolve(OFFSETS_FILE));
      } catch (IOException e) {
        log.warn("Could not remove the recorded offsets of task {}: {}", task, e.toString());
      }
    }
  }

  /** An open store's current progress. */
  public void progress(TaskId task, long offsetSum) {
    openOffsets.put(task, offsetSum);
  }

  /** A store closed at {@code offsetSum}: remembered on disk for the next reports. */
  public void closed(TaskId task, long offsetSum) {
    openOffsets.remove(task);
    if (!persistent) {
      return;
    }
    Path folder = directory.resolve(task.toString());
    Path file = folder.resolve(OFFSETS_FILE);
    Path temporary = folder.resolve(OFFSETS_FILE + ".tmp");
    try {
      if (!Files.isDirectory(folder)) {
        return;
      }
      Files.writeString(temporary, Long.toString(offsetSum), StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      log.warn("Could not record the changelog offsets of task {} in {}: {}", task, file, e);
    }
  }

  /**
   * The progress of every local copy of a task's state: the open stores' current sums, and for the
   * other task folders the sum recorded when their store last closed. Folders without a record
   * (a process that died with the store open) are left out: their progress is unknown.
   */
  public Map<TaskId, Long> offsetSums() {
    Map<TaskId, Long> sums = new TreeMap<>();
    if (persistent && Files.isDirectory(directory)) {
      try (DirectoryStream<Path> folders = Files.newDirectoryStream(directory)) {
        for (Path folder : folders) {
          TaskId task = taskOf(folder);
          Path file = folder.resolve(OFFSETS_FILE);
          if (task != null && Files.isRegularFile(file)) {
            try {
              sums.put(task, Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
            } catch (IOException | NumberFormatException e) {
              log.debug("Ignoring unreadable {}: {}", file, e.toString());
            }
          }
        }
      } catch (IOException e) {
        log.warn("Could not list the task folders in {}: {}", directory, e.toString());
      }
    }
    sums.putAll(openOffsets);
    return sums;
  }

  /**
   * Deletes the folders of tasks no thread of this instance holds whose state has not changed
   * for {@code delay}: copies of tasks that moved away for good. A folder is locked while it is
   * deleted, so no thread opens it half gone (that thread tries again and starts afresh).
   *
   * @return the tasks whose folders were deleted
   */
  public List<TaskId> cleanUp(Duration delay, Instant now) {
    List<TaskId> deleted = new ArrayList<>();
    if (!persistent || !Files.isDirectory(directory)) {
      return deleted;
    }
    Object cleaner = new Object();
    List<Path> folders = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      stream.forEach(folders::add);
    } catch (IOException e) {
      log.warn("Could not list the task folders in {}: {}", directory, e.toString());
      return deleted;
    }
    for (Path folder : folders) {
      TaskId task = taskOf(folder);
      if (task == null || !tryLock(task, cleaner)) {
        continue;
      }
      try {
        Instant changed = lastChange(folder);
        if (changed.plus(delay).isAfter(now)) {
          continue;
        }
        deleteRecursively(folder);
        deleted.add(task);
        log.info(
            "Deleted the local state of task {}: not run or followed here since {}", task, changed);
      } catch (IOException e) {
        log.warn("Could not delete the local state of task {} in {}: {}", task, folder, e.toString());
      } finally {
        unlock(task, cleaner);
      }
    }
    return deleted;
  }

  /** The latest modification of the folder or of a file directly in it. */
  private static Instant lastChange(Path folder) throws IOException {
    Instant latest = Files.getLastModifiedTime(folder).toInstant();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path file : files) {
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        if (modified.isAfter(latest)) {
          latest = modified;
        }
      }
    }
    return latest;
  }

  private static void deleteRecursively(Path folder) throws IOException {
    try (var paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static TaskId taskOf(Path folder) {
    if (!Files.isDirectory(folder)) {
      return null;
    }
    try {
      return TaskId.parse(folder.getFileName().toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
