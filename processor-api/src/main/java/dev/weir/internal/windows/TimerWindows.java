package dev.weir.internal.windows;

import dev.weir.api.windows.EventTimeTrigger;
import dev.weir.api.windows.ProcessingTimeTrigger;
import dev.weir.api.windows.SlidingEventTimeWindows;
import dev.weir.api.windows.SlidingProcessingTimeWindows;
import dev.weir.api.windows.TimeWindow;
import dev.weir.api.windows.Trigger;
import dev.weir.api.windows.TumblingEventTimeWindows;
import dev.weir.api.windows.TumblingProcessingTimeWindows;
import dev.weir.api.windows.Window;
import dev.weir.api.windows.WindowAssigner;
import java.time.Duration;
import java.util.List;

/**
 * Finds which of the current key's windows a timer at a given time may be for. A timer carries only
 * its time (see {@link WindowTriggerContext}), so in general that takes a scan of all the key's
 * windows, which on a persistent store is a merged scan of the write cache and the store. For the
 * common case, fixed-size windows with their default trigger, the time alone names the candidates,
 * and two point reads replace the scan.
 *
 * <p>Used by {@link WindowOperator} on the task's thread, when a timer fires and when a trigger
 * deletes a timer. Holds no per-key data.
 */
sealed interface TimerWindows<W extends Window> {

  /**
   * The windows that {@code windows} (bound to the current key) has and that may have a timer at
   * {@code time}, the trigger's or the cleanup timer, ordered by start then end like {@link
   * KeyWindows#windows()}. May hold windows with no timer at {@code time}: the caller checks. A new
   * list.
   */
  List<W> at(long time, KeyWindows<W, ?> windows);

  /**
   * How the operator configured by {@code spec} finds a timer's windows: by point reads for the
   * built-in tumbling and sliding assigners with their default trigger, else by a scan.
   */
  @SuppressWarnings("unchecked")
  static <W extends Window> TimerWindows<W> of(WindowSpec<?, W> spec) {
    WindowAssigner<?, W> assigner = spec.assigner();
    long size = fixedSize(assigner);
    if (size == 0 || !onlyMaxTimestampTimers(spec.trigger(), assigner.isEventTime())) {
      return new Scan<>();
    }
    // The built-in fixed-size assigners make TimeWindows: W is TimeWindow.
    long cleanupDelay = assigner.isEventTime() ? spec.allowedLateness().toMillis() : 0;
    return (TimerWindows<W>) new FixedSize(size, cleanupDelay);
  }

  /**
   * The size in ms of every window {@code assigner} makes, or 0 if it is not one of the built-in
   * assigners of fixed-size, never merged windows. These classes are final, so a user cannot
   * subclass one to assign other windows.
   */
  private static long fixedSize(WindowAssigner<?, ?> assigner) {
    Duration size;
    if (assigner instanceof TumblingEventTimeWindows tumbling) {
      size = tumbling.size();
    } else if (assigner instanceof SlidingEventTimeWindows sliding) {
      size = sliding.size();
    } else if (assigner instanceof TumblingProcessingTimeWindows tumbling) {
      size = tumbling.size();
    } else if (assigner instanceof SlidingProcessingTimeWindows sliding) {
      size = sliding.size();
    } else {
      return 0;
    }
    return size.toMillis();
  }

  /**
   * Whether {@code trigger} is exactly the default trigger of the assigner's time domain, whose
   * only timer for a window is at the window's max timestamp, in that domain. {@link
   * EventTimeTrigger} registers none for a late element (it fires at once). Any other trigger,
   * wrapping ones such as {@code PurgingTrigger} included, may register timers at any time.
   */
  private static boolean onlyMaxTimestampTimers(Trigger<?, ?> trigger, boolean eventTime) {
    Class<?> defaultTrigger = eventTime ? EventTimeTrigger.class : ProcessingTimeTrigger.class;
    return trigger.getClass() == defaultTrigger;
  }

  /** Every window of the key: right whatever the assigner and trigger do. */
  final class Scan<W extends Window> implements TimerWindows<W> {

    @Override
    public List<W> at(long time, KeyWindows<W, ?> windows) {
      return windows.windows();
    }
  }

  /**
   * Windows that all have one size, whose trigger's only timer is at the max timestamp and whose
   * cleanup timer is {@code cleanupDelay} later (the allowed lateness in event time, zero in
   * processing time). A timer at {@code time} can then be for two windows only: the one whose max
   * timestamp is {@code time} and the one whose cleanup time is {@code time}. A window whose
   * cleanup time is earlier is gone: timers fire in time order, and its own cleanup timer deleted
   * it.
   */
  final class FixedSize implements TimerWindows<TimeWindow> {

    private final long size;
    private final long cleanupDelay;

    FixedSize(long size, long cleanupDelay) {
      this.size = size;
      this.cleanupDelay = cleanupDelay;
    }

    @Override
    public List<TimeWindow> at(long time, KeyWindows<TimeWindow, ?> windows) {
      TimeWindow fired = existing(windows, time);
      if (cleanupDelay == 0) {
        // Its trigger timer is its cleanup timer: one window, looked at once.
        return fired == null ? List.of() : List.of(fired);
      }
      TimeWindow cleaned =
          time < Long.MIN_VALUE + cleanupDelay ? null : existing(windows, time - cleanupDelay);
      // The cleaned window ends cleanupDelay earlier, so it starts earlier too: it comes first.
      return nonNull(cleaned, fired);
    }

    /** The key's window whose max timestamp is {@code maxTimestamp}, or null if it has none. */
    private TimeWindow existing(KeyWindows<TimeWindow, ?> windows, long maxTimestamp) {
      if (maxTimestamp == Long.MAX_VALUE || maxTimestamp < Long.MIN_VALUE + size - 1) {
        // Its bounds would overflow a long: no assigner makes such a window.
        return null;
      }
      long end = maxTimestamp + 1;
      TimeWindow window = new TimeWindow(end - size, end);
      return windows.get(window) == null ? null : window;
    }

    /** {@code first} and {@code second}, in that order, leaving out null. */
    private static List<TimeWindow> nonNull(TimeWindow first, TimeWindow second) {
      if (first == null) {
        return second == null ? List.of() : List.of(second);
      }
      return second == null ? List.of(first) : List.of(first, second);
    }
  }
}
