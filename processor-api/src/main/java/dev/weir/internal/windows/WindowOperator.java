package dev.weir.internal.windows;

import dev.weir.api.OutputTag;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.time.TimeDomain;
import dev.weir.api.time.TimerService;
import dev.weir.api.windows.MergingWindowAssigner;
import dev.weir.api.windows.Trigger;
import dev.weir.api.windows.TriggerResult;
import dev.weir.api.windows.Window;
import dev.weir.api.windows.WindowAssigner;
import dev.weir.internal.functions.TimersFromState;
import dev.weir.internal.functions.TimestampedCollector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs windows as a keyed process function, with Flink's window-operator semantics (see {@link
 * dev.weir.api.windows}). One instance per task. All per-key and per-window data is in keyed state
 * (window entries, elements); fields hold only configuration, state handles and scratch objects
 * reset at the start of each call.
 *
 * <p>A window exists while it has an entry in the windows state. It is created by its first
 * element, which also registers its cleanup timer (its max timestamp plus the allowed lateness, in
 * the assigner's time domain), and deleted when that timer fires or when it merges into another.
 *
 * <p>Its runtime timers follow from the windows state (see {@link TimersFromState}): a window's
 * entry lists its trigger's timers, and its cleanup time follows from the window. So they stay out
 * of the changelog, and {@link #restoreTimers} registers them again when a task starts.
 */
final class WindowOperator<K, T, W extends Window, A, O> extends KeyedProcessFunction<K, T, O>
    implements WindowTriggerContext.TimerUsers, TimersFromState {

  static final String LATE_RECORDS_DROPPED = "late.records.dropped";

  private final WindowAssigner<? super T, W> assigner;
  private final MergingWindowAssigner<? super T, W> merging;
  private final Trigger<? super T, ? super W> trigger;
  private final TimerWindows<W> timerWindows;
  private final long allowedLateness;
  private final boolean eventTime;
  private final OutputTag<T> lateDataTag;
  private final MapStateDescriptor<W, WindowEntry<A>> windowsDescriptor;
  private final WindowContents<K, T, W, A, O> contents;

  private MapState<W, WindowEntry<A>> windowsState;
  private OperatorCounter lateRecordsDropped;

  // Scratch, bound anew in every call.
  private final KeyWindows<W, A> windows = new KeyWindows<>();
  private final WindowTriggerContext<A> triggerContext;
  private final WindowContents.Firing<K, W> firing = new WindowContents.Firing<>();
  private final Clock clock = new Clock();

  WindowOperator(
      WindowSpec<T, W> spec,
      MapStateDescriptor<W, WindowEntry<A>> windowsDescriptor,
      WindowContents<K, T, W, A, O> contents) {
    this.assigner = spec.assigner();
    this.merging = mergingAssigner(spec.assigner());
    this.trigger = spec.trigger();
    this.timerWindows = TimerWindows.of(spec);
    this.allowedLateness = spec.allowedLateness().toMillis();
    this.eventTime = spec.assigner().isEventTime();
    this.lateDataTag = spec.lateDataTag();
    this.windowsDescriptor = windowsDescriptor;
    this.contents = contents;
    this.triggerContext = new WindowTriggerContext<>(windowsDescriptor.name(), this);
  }

  @SuppressWarnings("unchecked")
  private static <T, W extends Window> MergingWindowAssigner<? super T, W> mergingAssigner(
      WindowAssigner<? super T, W> assigner) {
    return assigner instanceof MergingWindowAssigner<?, ?> merging
        ? (MergingWindowAssigner<? super T, W>) merging
        : null;
  }

  @Override
  public void open(OpenContext context) {
    windowsState = context.state(windowsDescriptor);
    lateRecordsDropped = context.counter(LATE_RECORDS_DROPPED);
    contents.open(context);
  }

  @Override
  public void processElement(T value, Context<K> context, Collector<O> out) throws Exception {
    TimerService timers = context.timerService();
    begin(timers);
    long timestamp = context.timestamp();
    Collection<W> assigned = assigner.assignWindows(value, timestamp, clock);
    boolean addedToAny = false;
    for (W assignedWindow : assigned) {
      W window = merging != null ? mergeIn(assignedWindow) : assignedWindow;
      if (isLate(window)) {
        // Not added; if the window still exists, its cleanup timer is due and deletes it.
        continue;
      }
      WindowEntry<A> entry = windows.get(window);
      if (entry == null) {
        entry = WindowEntry.empty(window);
        registerCleanupTimer(window);
      }
      addedToAny = true;
      contents.add(entry, value);
      windows.put(window, entry);
      TriggerResult result =
          trigger.onElement(value, timestamp, window, triggerContext.bind(entry));
      apply(result, context.key(), window, entry, context, out);
    }
    if (!addedToAny && isElementLate(timestamp)) {
      if (lateDataTag != null) {
        context.output(lateDataTag, value);
      } else {
        lateRecordsDropped.increment();
      }
    }
    windows.flush();
  }

  @Override
  public String timerKeysState() {
    return windowsDescriptor.name();
  }

  /** Registers each window's trigger timers, as its entry lists them, and its cleanup timer. */
  @Override
  public void restoreTimers(KeyedProcessFunction.Context<?> context) {
    TimerService timers = context.timerService();
    begin(timers);
    for (W window : windows.windows()) {
      WindowEntry<A> entry = windows.get(window);
      for (long time : entry.timers(TimeDomain.EVENT_TIME)) {
        timers.registerEventTimeTimer(time);
      }
      for (long time : entry.timers(TimeDomain.PROCESSING_TIME)) {
        timers.registerProcessingTimeTimer(time);
      }
      registerCleanupTimer(window);
    }
  }

  /**
   * Calls the trigger of each window of the current key that has a timer at {@code time}, and
   * deletes the windows whose cleanup time it is. {@link #timerWindows} says which windows to look
   * at, so that fixed-size windows need no scan of all the key's windows.
   */
  @Override
  public void onTimer(long time, OnTimerContext<K> context, Collector<O> out) throws Exception {
    begin(context.timerService());
    TimeDomain domain = context.timeDomain();
    boolean cleanupDomain = (domain == TimeDomain.EVENT_TIME) == eventTime;
    for (W window : timerWindows.at(time, windows)) {
      WindowEntry<A> entry = windows.get(window);
      boolean registered = entry.removeTimer(domain, time);
      long cleanupTime = cleanupTime(window);
      boolean cleanup = cleanupDomain && cleanupTime != Long.MAX_VALUE && cleanupTime <= time;
      if (!registered && !cleanup) {
        continue;
      }
      windows.put(window, entry);
      triggerContext.bind(entry);
      TriggerResult result =
          domain == TimeDomain.EVENT_TIME
              ? trigger.onEventTime(time, window, triggerContext)
              : trigger.onProcessingTime(time, window, triggerContext);
      apply(result, context.key(), window, entry, context, out);
      if (cleanup) {
        delete(window, entry);
      }
    }
    windows.flush();
  }

  /**
   * Whether a window of the current key other than those removed in this call needs the runtime
   * timer at {@code time}: one its trigger registered, or its cleanup timer.
   */
  @Override
  public boolean needs(TimeDomain domain, long time) {
    boolean cleanupDomain = (domain == TimeDomain.EVENT_TIME) == eventTime;
    for (W window : timerWindows.at(time, windows)) {
      if (windows.get(window).hasTimer(domain, time)
          || (cleanupDomain && cleanupTime(window) == time)) {
        return true;
      }
    }
    return false;
  }

  private void begin(TimerService timers) {
    windows.begin(windowsState);
    triggerContext.begin(timers);
    clock.timers = timers;
  }

  private void apply(
      TriggerResult result,
      K key,
      W window,
      WindowEntry<A> entry,
      Context<K> context,
      Collector<O> out)
      throws Exception {
    if (result.isFire() && !contents.isEmpty(entry)) {
      contents.emit(key, window, entry, firing.bind(window, context), stamped(window, out));
    }
    if (result.isPurge()) {
      contents.clear(entry);
    }
  }

  /**
   * A collector that stamps results with the window's max timestamp, however the window fired
   * (watermark, late record, count, clock), so a result lands in the same downstream window as
   * every other result of its window. A global window has no such time: its results keep the
   * timestamp of what fired them.
   */
  @SuppressWarnings("unchecked")
  private Collector<O> stamped(W window, Collector<O> out) {
    long time = window.maxTimestamp();
    if (time == Long.MAX_VALUE || !(out instanceof TimestampedCollector<?>)) {
      return out;
    }
    TimestampedCollector<O> timestamped = (TimestampedCollector<O>) out;
    return value -> timestamped.collect(value, time);
  }

  /** Deletes a window whose time is up: its contents, its trigger's state and timers, its entry. */
  private void delete(W window, WindowEntry<A> entry) throws Exception {
    windows.remove(window);
    trigger.clear(window, triggerContext.bind(entry));
    contents.clear(entry);
  }

  /**
   * Adds {@code added}, the window of a new element, to the key's windows, merging it with those
   * it overlaps as the assigner says (Flink's {@code MergingWindowSet.addWindow}).
   *
   * @return the window the element belongs to: {@code added} if it merged with nothing (it has no
   *     entry yet), else the window it merged into (it has an entry)
   */
  private W mergeIn(W added) throws Exception {
    List<W> candidates = windows.windows();
    candidates.add(added);
    Map<W, List<W>> merges = new LinkedHashMap<>();
    merging.mergeWindows(
        candidates, (toBeMerged, result) -> merges.put(result, new ArrayList<>(toBeMerged)));
    W window = added;
    for (Map.Entry<W, List<W>> merge : merges.entrySet()) {
      W result = merge.getKey();
      List<W> merged = merge.getValue();
      if (merged.remove(added)) {
        window = result;
      }
      // Only existing windows are left. One that equals the result covers the new window: nothing
      // changes.
      if (merged.isEmpty() || (merged.size() == 1 && merged.get(0).equals(result))) {
        continue;
      }
      merge(result, merged);
    }
    return window;
  }

  /** Replaces the existing windows {@code merged} by {@code result}, moving their state over. */
  private void merge(W result, List<W> merged) throws Exception {
    if (isLate(result)) {
      throw new IllegalStateException(
          "Merging the windows "
              + merged
              + " made "
              + result
              + ", which is already past the watermark and allowed lateness: a merging window"
              + " assigner must not make a window end earlier than the windows it merges.");
    }
    List<WindowEntry<A>> entries = new ArrayList<>(merged.size());
    for (W window : merged) {
      entries.add(windows.get(window));
    }
    // The result keeps the namespace of the first merged window, so its elements stay in place.
    WindowEntry<A> target = WindowEntry.takingOver(entries.get(0));
    for (int i = 1; i < entries.size(); i++) {
      contents.merge(target, entries.get(i));
    }
    for (W window : merged) {
      windows.remove(window);
    }
    windows.put(result, target);
    trigger.onMerge(result, triggerContext.bindMerge(target, entries));
    for (int i = 0; i < merged.size(); i++) {
      trigger.clear(merged.get(i), triggerContext.bind(entries.get(i)));
    }
    for (W window : merged) {
      deleteCleanupTimer(window);
    }
    registerCleanupTimer(result);
  }

  /** When the window's state is deleted; {@code Long.MAX_VALUE} for never. */
  private long cleanupTime(W window) {
    return eventTime
        ? Longs.saturatedAdd(window.maxTimestamp(), allowedLateness)
        : window.maxTimestamp();
  }

  /** Whether the watermark is past the window's end plus the allowed lateness. */
  private boolean isLate(W window) {
    return eventTime && cleanupTime(window) <= triggerContext.currentWatermark();
  }

  private boolean isElementLate(long timestamp) {
    return eventTime
        && Longs.saturatedAdd(timestamp, allowedLateness) <= triggerContext.currentWatermark();
  }

  private void registerCleanupTimer(W window) {
    long time = cleanupTime(window);
    if (time == Long.MAX_VALUE) {
      return;
    }
    if (eventTime) {
      clock.timers.registerEventTimeTimer(time);
    } else {
      clock.timers.registerProcessingTimeTimer(time);
    }
  }

  private void deleteCleanupTimer(W window) {
    long time = cleanupTime(window);
    TimeDomain domain = eventTime ? TimeDomain.EVENT_TIME : TimeDomain.PROCESSING_TIME;
    if (time == Long.MAX_VALUE || needs(domain, time)) {
      return;
    }
    if (eventTime) {
      clock.timers.deleteEventTimeTimer(time);
    } else {
      clock.timers.deleteProcessingTimeTimer(time);
    }
  }

  /** The assigner's view of time, and the call's timer service. */
  private static final class Clock implements WindowAssigner.AssignerContext {

    TimerService timers;

    @Override
    public long currentProcessingTime() {
      return timers.currentProcessingTime();
    }
  }
}
