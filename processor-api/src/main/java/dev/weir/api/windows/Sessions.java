package dev.weir.api.windows;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** How session assigners merge: windows that overlap or touch become one. */
final class Sessions {

  private Sessions() {}

  /** Reports each group of two or more intersecting windows, as Flink's session windows do. */
  static void merge(
      Collection<TimeWindow> windows, MergingWindowAssigner.MergeCallback<TimeWindow> callback) {
    List<TimeWindow> sorted = new ArrayList<>(windows);
    sorted.sort(Comparator.comparingLong(TimeWindow::start));
    TimeWindow cover = null;
    List<TimeWindow> group = new ArrayList<>();
    for (TimeWindow candidate : sorted) {
      if (cover != null && cover.intersects(candidate)) {
        cover = cover.cover(candidate);
        group.add(candidate);
        continue;
      }
      report(group, cover, callback);
      cover = candidate;
      group = new ArrayList<>();
      group.add(candidate);
    }
    report(group, cover, callback);
  }

  private static void report(
      List<TimeWindow> group,
      TimeWindow cover,
      MergingWindowAssigner.MergeCallback<TimeWindow> callback) {
    if (group.size() > 1) {
      callback.merge(group, cover);
    }
  }
}
