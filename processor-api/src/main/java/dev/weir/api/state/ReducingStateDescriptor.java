package dev.weir.api.state;

import dev.weir.api.functions.ReduceFunction;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** Declares a {@link ReducingState}. Create with {@link StateDescriptor#reducing}. */
public final class ReducingStateDescriptor<T> extends StateDescriptor<ReducingState<T>> {

  private final ReduceFunction<T> reducer;
  private final Serde<T> serde;

  ReducingStateDescriptor(String name, ReduceFunction<T> reducer, Serde<T> serde) {
    this(name, reducer, serde, Settings.NONE);
  }

  private ReducingStateDescriptor(
      String name, ReduceFunction<T> reducer, Serde<T> serde, Settings settings) {
    super(name, settings);
    this.reducer = Objects.requireNonNull(reducer, "reducer");
    this.serde = Objects.requireNonNull(serde, "serde");
  }

  public ReduceFunction<T> reducer() {
    return reducer;
  }

  public Serde<T> serde() {
    return serde;
  }

  @Override
  public ReducingStateDescriptor<T> withChangelogRetention(Duration retention) {
    return new ReducingStateDescriptor<>(name(), reducer, serde, settings().withRetention(checkRetention(retention)));
  }

  @Override
  public ReducingStateDescriptor<T> withTtl(StateTtl ttl) {
    return new ReducingStateDescriptor<>(name(), reducer, serde, settings().withTtl(Objects.requireNonNull(ttl, "ttl")));
  }
}
