package dev.weir.internal.runtime.state;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

final class AggregatingStateHandle<IN, ACC, OUT> implements AggregatingState<IN, OUT> {

  private final StateCell cell;
  private final AggregateFunction<IN, ACC, OUT> aggregator;
  private final Serializer<ACC> serializer;
  private final Deserializer<ACC> deserializer;

  AggregatingStateHandle(StateCell cell, AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
    this.cell = cell;
    this.aggregator = descriptor.aggregator();
    this.serializer = descriptor.accumulatorSerde().serializer();
    this.deserializer = descriptor.accumulatorSerde().deserializer();
  }

  @Override
  public OUT get() {
    byte[] bytes = cell.get();
    if (bytes == null) {
      return null;
    }
    try {
      return aggregator.result(deserializer.deserialize(cell.topic, bytes));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new UserCodeException("result() of state '" + cell.topic + "' failed", e);
    }
  }

  @Override
  public void add(IN value) {
    byte[] bytes = cell.get();
    ACC next;
    try {
      ACC accumulator =
          bytes == null
              ? aggregator.createAccumulator()
              : deserializer.deserialize(cell.topic, bytes);
      next = aggregator.add(value, accumulator);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new UserCodeException("add() of state '" + cell.topic + "' failed", e);
    }
    cell.put(serializer.serialize(cell.topic, next));
  }

  @Override
  public void clear() {
    cell.delete();
  }
}
