package dev.weir.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a worker process's log says about its tasks: what each thread runs, what it restored. */
final class WorkerLog {

  private static final Pattern RUNS = Pattern.compile("Thread (\\S+) runs tasks \\[([^\\]]*)\\]");
  private static final Pattern RESTORED =
      Pattern.compile("Task (\\S+) restored (\\d+) changelog records");
  private static final Pattern FOLLOWING = Pattern.compile("Task (\\S+): following its state");
  private static final Pattern TAKES_OVER =
      Pattern.compile("task (\\S+) takes over its local standby copy");

  private final String text;

  private WorkerLog(String text) {
    this.text = text;
  }

  static WorkerLog of(WorkerProcess worker) {
    return of(worker.log().toPath());
  }

  static WorkerLog of(Path log) {
    try {
      return new WorkerLog(Files.readString(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tasks the worker runs, as its threads last reported once all their tasks ran. */
  Set<String> runningTasks() {
    Map<String, Set<String>> byThread = new TreeMap<>();
    Matcher matcher = RUNS.matcher(text);
    while (matcher.find()) {
      Set<String> tasks = new TreeSet<>();
      for (String task : matcher.group(2).split(",")) {
        if (!task.isBlank()) {
          tasks.add(task.trim());
        }
      }
      byThread.put(matcher.group(1), tasks);
    }
    Set<String> all = new TreeSet<>();
    byThread.values().forEach(all::addAll);
    return all;
  }

  /** The changelog records each restore of an active task replayed, in order. */
  List<Long> restores() {
    List<Long> restores = new ArrayList<>();
    Matcher matcher = RESTORED.matcher(text);
    while (matcher.find()) {
      restores.add(Long.parseLong(matcher.group(2)));
    }
    return restores;
  }

  /** Tasks the worker kept a standby or warm-up copy of at some point. */
  Set<String> followed() {
    return all(FOLLOWING);
  }

  /** Tasks that became active on the worker from a standby or warm-up copy it kept. */
  Set<String> takenOverFromCopies() {
    return all(TAKES_OVER);
  }

  private Set<String> all(Pattern pattern) {
    Set<String> tasks = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      tasks.add(matcher.group(1));
    }
    return tasks;
  }
}
