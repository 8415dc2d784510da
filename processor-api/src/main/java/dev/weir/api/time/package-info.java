/**
 * Event time: how a source reads timestamps and makes watermarks, and how functions see time
 * through a {@link dev.weir.api.time.TimerService}.
 *
 * <p>Semantics follow Flink's: with an out-of-orderness bound {@code B}, the watermark after a
 * record is the largest timestamp seen minus {@code B} minus 1 ms; an event-time timer for
 * {@code t} fires once the watermark reaches {@code t}.
 */
package dev.weir.api.time;
