package dev.weir.internal.windows;

import dev.weir.api.OutputTag;
import dev.weir.api.windows.Trigger;
import dev.weir.api.windows.Window;
import dev.weir.api.windows.WindowAssigner;
import java.time.Duration;
import java.util.Optional;

/**
 * What every window operator is configured with, as {@link dev.weir.api.WindowedStream} checked
 * it.
 *
 * @param name the operator's name, which names its states
 * @param allowedLateness zero for windows that are not event-time windows
 * @param lateDataTag null when late records are dropped and counted
 */
public record WindowSpec<T, W extends Window>(
    String name,
    WindowAssigner<? super T, W> assigner,
    Trigger<? super T, ? super W> trigger,
    Duration allowedLateness,
    OutputTag<T> lateDataTag) {

  /**
   * Added to the longest life of a window's state to make its changelog's time retention: as
   * Kafka Streams' {@code windowstore.changelog.additional.retention.ms}, one day, so that a
   * watermark that lags the clock for less than that loses nothing.
   */
  static final Duration RETENTION_MARGIN = Duration.ofDays(1);

  /** The name of the state that holds the windows. */
  String windowsStateName() {
    return name + ".windows";
  }

  /** The name of the state that holds the elements of process windows. */
  String elementsStateName() {
    return name + ".elements";
  }

  /**
   * The changelog retention of state rewritten by every element of a window: the longest a window
   * can live after an element, plus the lateness and a margin; empty when windows have no bounded
   * life (global windows).
   */
  Optional<Duration> windowRetention() {
    return assigner
        .maxTimeToWindowEnd()
        .map(span -> span.plus(allowedLateness).plus(RETENTION_MARGIN));
  }
}
