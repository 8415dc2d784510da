/**
 * Windows: group the elements of each key of a {@link dev.weir.api.KeyedStream} by time (or
 * count) and emit one result per group, with Flink's semantics.
 *
 * <pre>{@code
 * clicks.keyBy(Click::userId, Serdes.string())
 *     .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
 *     .allowedLateness(Duration.ofMinutes(5))
 *     .sideOutputLateData(LATE_CLICKS)
 *     .aggregate("clicks-per-minute", new CountClicks(), Serdes.longs(),
 *         (user, window, count) -> new ClickCount(user, window.start(), window.end(), count));
 * }</pre>
 *
 * <ul>
 *   <li>A {@link dev.weir.api.windows.WindowAssigner} puts each element into windows: {@link
 *       dev.weir.api.windows.TumblingEventTimeWindows tumbling}, {@link
 *       dev.weir.api.windows.SlidingEventTimeWindows sliding}, {@link
 *       dev.weir.api.windows.EventTimeSessionWindows session} (windows merge), their
 *       processing-time counterparts, and {@link dev.weir.api.windows.GlobalWindows global}.
 *   <li>A time window is {@code [start, end)}; its max timestamp is {@code end - 1}. An
 *       event-time window fires once the watermark reaches {@code end - 1}.
 *   <li>A {@link dev.weir.api.windows.Trigger} decides when a window fires and purges; the
 *       assigner's default is used unless the pipeline sets one.
 *   <li>A record is late for a window when {@code end - 1 + allowedLateness <= watermark}; then it
 *       is not added to it. A record late for all its windows goes to the late-data side output,
 *       or is dropped and counted ({@code weir.late.records.dropped}). Records that arrive after
 *       the window fired but within the allowed lateness update it and fire it again.
 *   <li>A window's state is deleted once the watermark passes {@code end - 1 + allowedLateness}
 *       (event time), or the clock passes {@code end - 1} (processing time).
 * </ul>
 *
 * <p>Types are non-null unless a parameter or return value says it may be null.
 */
package dev.weir.api.windows;
