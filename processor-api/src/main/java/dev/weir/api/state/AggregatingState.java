package dev.weir.api.state;

/** An accumulator per key, fed by the descriptor's aggregate function. */
public interface AggregatingState<IN, OUT> extends State {

  /** The result for the current accumulator, or null if nothing was added since the last clear. */
  OUT get();

  void add(IN value);
}
