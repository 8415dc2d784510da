package dev.weir.api.functions;

import dev.weir.api.OutputTag;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.time.TimeDomain;
import dev.weir.api.time.TimerService;

/**
 * The lowest-level keyed operator: sees each record of a key with that key's state.
 *
 * <p>Weir creates one instance per task (from the supplier given to
 * {@link dev.weir.api.KeyedStream#process}), calls {@link #open} once before the first record,
 * {@link #processElement} for each record on the task's thread, and {@link #close} when the task
 * is closed. Fields may hold state handles obtained in {@code open}: a handle always reads and
 * writes the state of the key of the record being processed.
 *
 * @param <K> key type
 * @param <I> input type
 * @param <O> output type
 */
public abstract class KeyedProcessFunction<K, I, O> {

  /**
   * Called once per task before the first record. Obtain state handles here.
   *
   * @throws Exception fails the task's start
   */
  public void open(OpenContext context) throws Exception {}

  /**
   * Called for each record. Records given to {@code out} keep the current key.
   *
   * @throws Exception routed to the configured error handler; state writes and output of this
   *     record are undone first
   */
  public abstract void processElement(I value, Context<K> context, Collector<O> out)
      throws Exception;

  /**
   * Called when a timer registered through {@link Context#timerService()} fires, with the timer's
   * key as the current key. Records given to {@code out} carry the timer's time as timestamp
   * (event-time timers) or the current record context's (processing-time timers).
   *
   * @param timestamp the time the timer was registered for
   * @throws Exception routed to the configured error handler; for a timer, {@code fail} stops the
   *     worker and the other handlers log it and drop the timer's output
   */
  public void onTimer(long timestamp, OnTimerContext<K> context, Collector<O> out)
      throws Exception {}

  /** Called once when the task closes (rebalance or shutdown). */
  public void close() throws Exception {}

  /** What {@link #open} may use. */
  public interface OpenContext {

    /**
     * The handle of a state this operator declared.
     *
     * @throws dev.weir.api.TopologyException if the state was not declared for this operator
     */
    <S extends State> S state(StateDescriptor<S> descriptor);

    /** The name of the operator. */
    String operatorName();

    /** The partition number of the task this instance runs in. */
    int partition();

    /**
     * A counter reported as the meter {@code weir.<name>}, tagged with this operator; for
     * example {@code counter("late.records.dropped")}.
     */
    OperatorCounter counter(String name);
  }

  /** A monotonically increasing count of something an operator does. */
  public interface OperatorCounter {
    void increment();
  }

  /** What {@link #processElement} may use. Valid only during that call. */
  public interface Context<K> {

    /** The key of the current record. */
    K key();

    /** The current record's timestamp, in epoch milliseconds. */
    long timestamp();

    /** Time, and timers for the current key. */
    TimerService timerService();

    /**
     * Emits {@code value} to the side output {@code tag}, with the current key and timestamp.
     * Nothing happens when no stream reads that side output.
     */
    <X> void output(OutputTag<X> tag, X value);
  }

  /** What {@link #onTimer} may use. */
  public interface OnTimerContext<K> extends Context<K> {

    /** Whether the firing timer was an event-time or a processing-time timer. */
    TimeDomain timeDomain();
  }
}
