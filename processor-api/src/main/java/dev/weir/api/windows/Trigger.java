package dev.weir.api.windows;

import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;

/**
 * Decides when a window emits its result ({@link TriggerResult#FIRE}) and when its contents are
 * discarded ({@link TriggerResult#PURGE}). Follows Flink's {@code Trigger}: the window operator
 * calls it for each element added to a window, and for each timer it registered for a window.
 *
 * <p>A trigger is shared by every task and thread of a worker: keep no mutable fields. What it
 * must remember per window, such as a count, goes into {@linkplain TriggerContext#state trigger
 * state}, which is stored with the window in keyed state, so it survives restarts and moves.
 * Methods are called on the task's thread, with the window's key as the current key; the context
 * is valid only during the call. An exception goes to the pipeline's error handler like one from
 * any user function.
 *
 * @param <T> the type of the elements it sees
 * @param <W> the type of the windows it decides for
 */
public abstract class Trigger<T, W extends Window> {

  /**
   * Called for each element added to {@code window}, after it was added.
   *
   * @param timestamp the element's event time, in epoch ms
   */
  public abstract TriggerResult onElement(
      T element, long timestamp, W window, TriggerContext context) throws Exception;

  /**
   * Called when an event-time timer this trigger registered for {@code window} fires, and when
   * the window's cleanup time is reached (its max timestamp plus the allowed lateness), just
   * before its state is deleted.
   */
  public abstract TriggerResult onEventTime(long time, W window, TriggerContext context)
      throws Exception;

  /**
   * Called when a processing-time timer this trigger registered for {@code window} fires, and,
   * for processing-time windows, when the window's cleanup time is reached.
   */
  public abstract TriggerResult onProcessingTime(long time, W window, TriggerContext context)
      throws Exception;

  /**
   * Whether this trigger can be used with merging windows ({@link MergingWindowAssigner}): then
   * it must implement {@link #onMerge}. False by default.
   */
  public boolean canMerge() {
    return false;
  }

  /**
   * Called when windows merged into {@code window}: merge their trigger state into it ({@link
   * OnMergeContext#mergeState}) and register the timers it needs. The merged windows are {@link
   * #clear cleared} afterwards.
   *
   * @throws UnsupportedOperationException by default, for triggers that cannot merge
   */
  public void onMerge(W window, OnMergeContext context) throws Exception {
    throw new UnsupportedOperationException(
        getClass().getName() + " cannot merge windows: it does not implement onMerge()");
  }

  /**
   * Called when {@code window} is deleted (its cleanup time passed, or it was merged into
   * another): delete the timers registered for it and clear its trigger state.
   */
  public abstract void clear(W window, TriggerContext context) throws Exception;

  /** Time, timers and state of one window, for a trigger. Valid only during the call. */
  public interface TriggerContext {

    /** The task's watermark, in epoch ms; {@code Long.MIN_VALUE} before the first. */
    long currentWatermark();

    /** The worker's clock, in epoch ms. */
    long currentProcessingTime();

    /**
     * Asks for {@link Trigger#onEventTime} for this window once the watermark reaches {@code
     * time}. Registering one time twice gives one call.
     */
    void registerEventTimeTimer(long time);

    /**
     * Asks for {@link Trigger#onProcessingTime} for this window once the clock reaches {@code
     * time}. Registering one time twice gives one call.
     */
    void registerProcessingTimeTimer(long time);

    /** Cancels an event-time timer of this window; nothing happens if there is none. */
    void deleteEventTimeTimer(long time);

    /** Cancels a processing-time timer of this window; nothing happens if there is none. */
    void deleteProcessingTimeTimer(long time);

    /**
     * The trigger state {@code descriptor} names, scoped to the current key and this window.
     * Value, reducing and aggregating states are supported. Trigger state is stored inside the
     * window's entry: its name only has to be unique among the states of this trigger (and the
     * triggers it wraps), and its changelog retention is ignored.
     *
     * @throws IllegalArgumentException for list and map state descriptors
     */
    <S extends State> S state(StateDescriptor<S> descriptor);
  }

  /** What {@link Trigger#onMerge} may use: the context of the window the others merged into. */
  public interface OnMergeContext extends TriggerContext {

    /**
     * Folds the state {@code descriptor} names of every merged window into this window's: with
     * the reduce function for a reducing state, with {@link
     * dev.weir.api.functions.AggregateFunction#merge} for an aggregating state.
     *
     * @throws IllegalArgumentException for other kinds of state, which cannot be merged
     */
    void mergeState(StateDescriptor<?> descriptor);
  }
}
