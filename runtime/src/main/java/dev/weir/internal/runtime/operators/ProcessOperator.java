package dev.weir.internal.runtime.operators;

import dev.weir.api.TopologyException;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.internal.graph.ProcessNode;
import dev.weir.internal.runtime.errors.RecordProcessingException;
import java.util.Map;

/**
 * Runs a task's instance of a {@link KeyedProcessFunction}. The function's state handles read
 * and write the key in the record context.
 */
public final class ProcessOperator extends Operator
    implements Collector<Object>, KeyedProcessFunction.Context<Object> {

  private final KeyedProcessFunction<Object, Object, Object> function;
  private final RecordContext context;

  @SuppressWarnings("unchecked")
  public ProcessOperator(
      ProcessNode node,
      Operator[] next,
      RecordContext context,
      Map<String, State> states,
      int partition) {
    super(node.name(), next);
    this.context = context;
    KeyedProcessFunction<?, ?, ?> instance = node.function().get();
    if (instance == null) {
      throw new TopologyException(
          "The function supplier of operator '" + node.name() + "' returned null");
    }
    this.function = (KeyedProcessFunction<Object, Object, Object>) instance;
    try {
      function.open(new Opener(node.name(), states, partition));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "open() of operator '" + node.name() + "' failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void process(Object value) {
    try {
      function.processElement(value, this, this);
    } catch (RecordProcessingException e) {
      throw e; // thrown after us, already named
    } catch (Exception e) {
      throw new RecordProcessingException(name, e);
    }
  }

  @Override
  public void collect(Object value) {
    if (value == null) {
      throw new RecordProcessingException(
          name, new NullPointerException("process function collected null"));
    }
    emit(value);
  }

  @Override
  public Object key() {
    return context.key();
  }

  @Override
  public long timestamp() {
    return context.timestamp();
  }

  @Override
  public void close() {
    try {
      function.close();
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(ProcessOperator.class)
          .warn("close() of operator '{}' failed", name, e);
    }
    super.close();
  }

  private record Opener(String operatorName, Map<String, State> states, int partition)
      implements KeyedProcessFunction.OpenContext {

    @Override
    @SuppressWarnings("unchecked")
    public <S extends State> S state(StateDescriptor<S> descriptor) {
      State state = states.get(descriptor.name());
      if (state == null) {
        throw new TopologyException(
            "Operator '"
                + operatorName
                + "' asks for state '"
                + descriptor.name()
                + "', which it did not declare. Pass the descriptor to process(name, function,"
                + " states...): declared states are "
                + states.keySet()
                + ".");
      }
      return (S) state;
    }
  }
}
