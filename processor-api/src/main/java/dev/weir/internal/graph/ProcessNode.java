package dev.weir.internal.graph;

import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.StateDescriptor;
import java.util.List;
import java.util.function.Supplier;

/** A keyed operator with state: a {@link KeyedProcessFunction}, one instance per task. */
public final class ProcessNode extends Node {

  private final Supplier<? extends KeyedProcessFunction<?, ?, ?>> function;
  private final List<StateDescriptor<?>> states;
  private final String kindName;

  ProcessNode(
      int id,
      String name,
      Node parent,
      Supplier<? extends KeyedProcessFunction<?, ?, ?>> function,
      List<StateDescriptor<?>> states,
      String kindName) {
    super(id, name, List.of(parent));
    this.function = function;
    this.states = List.copyOf(states);
    this.kindName = kindName;
  }

  /** Called once per task to make the task's instance. */
  public Supplier<? extends KeyedProcessFunction<?, ?, ?>> function() {
    return function;
  }

  /** The states this operator declared. */
  public List<StateDescriptor<?>> states() {
    return states;
  }

  /** The internal state that keeps this operator's timers. */
  public StateDescriptor<?> timersDescriptor() {
    return StateDescriptor.value(timersState(), dev.weir.serde.Serdes.bytes());
  }

  /** The name of the internal state that keeps this operator's timers. */
  public String timersState() {
    return timersStateName(name());
  }

  /** The name of the internal state that keeps the timers of the operator {@code operator}. */
  public static String timersStateName(String operator) {
    return operator + ".timers";
  }

  @Override
  public String kind() {
    return kindName;
  }
}
