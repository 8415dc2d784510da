package dev.weir.internal.runtime.operators;

import dev.weir.api.functions.Collector;
import dev.weir.api.functions.FilterFunction;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.PeekFunction;
import dev.weir.internal.graph.TransformNode;
import dev.weir.internal.runtime.errors.RecordProcessingException;

/** The stateless operators: map, filter, flat-map and peek. */
public final class TransformOperators {

  private TransformOperators() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Operator of(TransformNode node, Operator[] next) {
    Object function = node.function();
    return switch (node.transform()) {
      case MAP -> new MapOperator(node.name(), next, (MapFunction) function);
      case FILTER -> new FilterOperator(node.name(), next, (FilterFunction) function);
      case FLAT_MAP -> new FlatMapOperator(node.name(), next, (FlatMapFunction) function);
      case PEEK -> new PeekOperator(node.name(), next, (PeekFunction) function);
    };
  }

  static final class MapOperator extends Operator {
    private final MapFunction<Object, Object> function;

    MapOperator(String name, Operator[] next, MapFunction<Object, Object> function) {
      super(name, next);
      this.function = function;
    }

    @Override
    public void process(Object value) {
      Object result;
      try {
        result = function.map(value);
      } catch (Exception e) {
        throw new RecordProcessingException(name, e);
      }
      if (result == null) {
        throw new RecordProcessingException(
            name, new NullPointerException("map function returned null"));
      }
      emit(result);
    }
  }

  static final class FilterOperator extends Operator {
    private final FilterFunction<Object> function;

    FilterOperator(String name, Operator[] next, FilterFunction<Object> function) {
      super(name, next);
      this.function = function;
    }

    @Override
    public void process(Object value) {
      boolean keep;
      try {
        keep = function.test(value);
      } catch (Exception e) {
        throw new RecordProcessingException(name, e);
      }
      if (keep) {
        emit(value);
      }
    }
  }

  static final class PeekOperator extends Operator {
    private final PeekFunction<Object> function;

    PeekOperator(String name, Operator[] next, PeekFunction<Object> function) {
      super(name, next);
      this.function = function;
    }

    @Override
    public void process(Object value) {
      try {
        function.peek(value);
      } catch (Exception e) {
        throw new RecordProcessingException(name, e);
      }
      emit(value);
    }
  }

  static final class FlatMapOperator extends Operator implements Collector<Object> {
    private final FlatMapFunction<Object, Object> function;

    FlatMapOperator(String name, Operator[] next, FlatMapFunction<Object, Object> function) {
      super(name, next);
      this.function = function;
    }

    @Override
    public void process(Object value) {
      try {
        function.flatMap(value, this);
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
            name, new NullPointerException("flat-map function collected null"));
      }
      emit(value);
    }
  }
}
