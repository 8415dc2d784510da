package dev.weir.api.state;

import java.time.Duration;
import java.util.Objects;

/**
 * Time to live of keyed state entries: an entry expires {@link #timeToLive()} after it was last
 * written (created or updated). An expired entry is never returned; it is deleted when it is next
 * read, and in the background a few entries at a time, never by a full scan. For a map state,
 * each entry of the map expires on its own. Immutable.
 *
 * <p>Processing time measures age on the worker's clock; event time measures it on the task's
 * watermark (an entry written when the watermark was {@code w} expires once the watermark passes
 * {@code w + ttl}).
 */
public final class StateTtl {

  /** Which clock measures an entry's age. */
  public enum Time {
    PROCESSING_TIME,
    EVENT_TIME
  }

  private final Duration timeToLive;
  private final Time time;

  private StateTtl(Duration timeToLive, Time time) {
    Objects.requireNonNull(timeToLive, "timeToLive");
    if (timeToLive.isNegative() || timeToLive.isZero()) {
      throw new IllegalArgumentException("A time to live must be positive, found " + timeToLive);
    }
    this.timeToLive = timeToLive;
    this.time = time;
  }

  /** Entries expire {@code timeToLive} after their last write, on the worker's clock. */
  public static StateTtl processingTime(Duration timeToLive) {
    return new StateTtl(timeToLive, Time.PROCESSING_TIME);
  }

  /** Entries expire once the watermark is {@code timeToLive} past their last write. */
  public static StateTtl eventTime(Duration timeToLive) {
    return new StateTtl(timeToLive, Time.EVENT_TIME);
  }

  public Duration timeToLive() {
    return timeToLive;
  }

  public Time time() {
    return time;
  }

  @Override
  public String toString() {
    return "StateTtl[" + timeToLive + ", " + time + "]";
  }
}
