package dev.weir.api.time;

/**
 * Time as a keyed function sees it, and per-key timers. Timers are keyed state: registered for
 * the current key, kept in the task's store and changelog, so they survive a crash or a move to
 * another instance. Registering the same key and time twice gives one timer.
 *
 * <p>Valid only during the call it was obtained in.
 */
public interface TimerService {

  /** The task's current watermark, in epoch ms; {@code Long.MIN_VALUE} before the first. */
  long currentWatermark();

  /** The worker's clock, in epoch ms. */
  long currentProcessingTime();

  /** Calls {@code onTimer} for the current key once the watermark reaches {@code time}. */
  void registerEventTimeTimer(long time);

  /** Calls {@code onTimer} for the current key once the wall clock reaches {@code time}. */
  void registerProcessingTimeTimer(long time);

  void deleteEventTimeTimer(long time);

  void deleteProcessingTimeTimer(long time);
}
