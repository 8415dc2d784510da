package dev.weir.api.windows;

import java.time.Duration;
import java.util.Objects;

/** Checks the durations given to assigners and triggers, and turns them into milliseconds. */
final class WindowDurations {

  private WindowDurations() {}

  /**
   * @throws IllegalArgumentException if {@code duration} is not a positive whole number of ms
   */
  static long positiveMillis(String what, Duration duration) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          "The " + what + " must be positive, found " + duration);
    }
    return wholeMillis(what, duration);
  }

  /**
   * @throws IllegalArgumentException if {@code offset} is not a whole number of ms or not within
   *     {@code (-period, period)}
   */
  static long offsetMillis(Duration offset, long periodMillis, String period) {
    Objects.requireNonNull(offset, "offset");
    long millis = wholeMillis("offset", offset);
    if (Math.abs(millis) >= periodMillis) {
      throw new IllegalArgumentException(
          "The offset must be shorter than the "
              + period
              + " ("
              + Duration.ofMillis(periodMillis)
              + "), found "
              + offset);
    }
    return millis;
  }

  private static long wholeMillis(String what, Duration duration) {
    if (duration.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "The " + what + " must be a whole number of milliseconds, found " + duration);
    }
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "The " + what + " must fit in a long of milliseconds, found " + duration);
    }
  }
}
