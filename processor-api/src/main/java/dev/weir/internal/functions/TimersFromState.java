package dev.weir.internal.functions;

import dev.weir.api.functions.KeyedProcessFunction;

/**
 * A keyed process function whose timers can all be told from its keyed state, as a window operator
 * can: each window's entry lists the timers its trigger registered, and its cleanup time follows
 * from the window. The runtime keeps such a function's timers in its store but not in the
 * changelog, which saves two changelog records per timer (its registration and its deletion when
 * it fires). In return, whenever a task starts (after a restore, a move, a takeover of a standby
 * copy), the runtime drops the timers its store held, which may be stale or missing, and calls
 * {@link #restoreTimers} once for every key that has entries in {@link #timerKeysState()}.
 *
 * <p>The function's {@code onTimer} must ignore a timer its state does not need: to save store
 * reads, the runtime may fire such a timer a second time.
 *
 * <p>Weir's own operators implement it; user functions keep their timers in the changelog.
 */
public interface TimersFromState {

  /** The name of a state the function declared that has entries for every key with timers. */
  String timerKeysState();

  /**
   * Registers, through {@code context.timerService()}, every timer the current key needs, as the
   * function's state says. Must not write state nor emit anything.
   */
  void restoreTimers(KeyedProcessFunction.Context<?> context) throws Exception;
}
