package dev.weir.api.windows;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * Puts each element into zero or more windows, and says which trigger decides when they emit if
 * the pipeline sets none. Given to {@link dev.weir.api.KeyedStream#window}.
 *
 * <p>Weir ships tumbling, sliding and session windows in event and processing time, and global
 * windows. A custom assigner extends this class (or {@link MergingWindowAssigner}) and produces
 * {@link TimeWindow}s. Assigners are shared by every task and thread of a worker: they must be
 * immutable.
 *
 * @param <T> the type of the elements it assigns
 * @param <W> the type of the windows it makes
 */
public abstract class WindowAssigner<T, W extends Window> {

  /**
   * The windows {@code element} belongs to. Called on a task thread for each element, before the
   * element is added to them.
   *
   * @param timestamp the element's event time, in epoch ms
   * @param context the current processing time, for processing-time assigners
   * @return the windows, possibly none; a collection the caller may read but not keep
   */
  public abstract Collection<W> assignWindows(T element, long timestamp, AssignerContext context);

  /** The trigger used when {@link dev.weir.api.WindowedStream#trigger} is not called. */
  public abstract Trigger<? super T, ? super W> defaultTrigger();

  /**
   * Whether windows follow event time: they are complete when the watermark passes their end,
   * records can be late for them, and their state is deleted once the watermark passes their end
   * plus the allowed lateness. Processing-time windows are deleted when the wall clock passes
   * their end.
   */
  public abstract boolean isEventTime();

  /**
   * The longest time from an element's timestamp to the end of a window it is put in; empty when
   * there is no bound (global windows). Weir sizes the time retention of the window state's
   * changelog from it. The default is empty, which keeps that changelog compacted only: always
   * safe, and the right answer for custom assigners whose windows have no bounded length.
   */
  public Optional<Duration> maxTimeToWindowEnd() {
    return Optional.empty();
  }

  /** What an assigner may read while it assigns an element. Valid only during that call. */
  public interface AssignerContext {

    /** The worker's clock, in epoch ms. */
    long currentProcessingTime();
  }
}
