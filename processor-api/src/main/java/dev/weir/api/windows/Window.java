package dev.weir.api.windows;

/**
 * A group of elements of one key that a window operator aggregates and emits together: a
 * {@link TimeWindow} (a span of time) or the {@link GlobalWindow} (everything). Immutable.
 *
 * <p>The set of kinds is closed because Weir stores windows in keyed state: custom {@link
 * WindowAssigner}s produce {@code TimeWindow}s.
 */
public sealed interface Window permits TimeWindow, GlobalWindow {

  /**
   * The largest timestamp, in epoch ms, that still belongs to the window. An event-time window is
   * complete once the watermark reaches it; results are emitted with it as their timestamp.
   */
  long maxTimestamp();
}
