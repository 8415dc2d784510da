/**
 * The window operator: {@link dev.weir.api.windows windows} built as a {@link
 * dev.weir.api.functions.KeyedProcessFunction} over the public keyed state, timer and side-output
 * API, so it runs wherever process functions run and its state survives crashes like theirs.
 *
 * <p>Per key it keeps one map-state entry per live window ({@code <name>.windows}, keyed by the
 * window, 16 bytes that sort by start): the window's contents (the reduced value or the
 * accumulator), its trigger's state, and the trigger timers registered for it. Process windows
 * keep their elements in a second map state ({@code <name>.elements}). Timers carry only a
 * timestamp, so a firing timer is matched to windows by scanning the key's entries; for tumbling
 * and sliding windows with their default trigger, the timestamp alone names the two windows it can
 * be for, which are read by key instead ({@link dev.weir.internal.windows.TimerWindows}).
 *
 * <p>Not public API: it may change in any release.
 */
package dev.weir.internal.windows;
