package dev.weir.api.windows;

/**
 * The span of time {@code [start, end)}, in epoch milliseconds: {@code start} belongs to it,
 * {@code end} does not, so its {@linkplain #maxTimestamp() max timestamp} is {@code end - 1}.
 *
 * @param start the first millisecond of the window
 * @param end the first millisecond after the window; greater than {@code start}
 */
public record TimeWindow(long start, long end) implements Window {

  /**
   * @throws IllegalArgumentException if {@code end <= start}
   */
  public TimeWindow {
    if (end <= start) {
      throw new IllegalArgumentException(
          "A time window must end after it starts, found start "
              + start
              + " and end "
              + end);
    }
  }

  /** {@code end - 1}. */
  @Override
  public long maxTimestamp() {
    return end - 1;
  }

  /**
   * Whether the two windows overlap or touch ({@code [0, 10)} and {@code [10, 20)} do): windows
   * that intersect are merged into one session.
   */
  public boolean intersects(TimeWindow other) {
    return start <= other.end && end >= other.start;
  }

  /** The smallest window that contains both. */
  public TimeWindow cover(TimeWindow other) {
    return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
  }

  /**
   * The start of the window of length {@code size} that contains {@code timestamp}, for windows
   * that start at {@code offset} plus a multiple of {@code size} (Flink's {@code
   * TimeWindow.getWindowStartWithOffset}). Correct for negative timestamps too.
   *
   * @throws IllegalArgumentException if {@code size} is not positive
   */
  public static long windowStart(long timestamp, long offset, long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("A window size must be positive, found " + size + " ms");
    }
    return timestamp - Math.floorMod(timestamp - offset, size);
  }

  @Override
  public String toString() {
    return "TimeWindow[" + start + ", " + end + ")";
  }
}
