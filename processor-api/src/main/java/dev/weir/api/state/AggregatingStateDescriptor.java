package dev.weir.api.state;

import dev.weir.api.functions.AggregateFunction;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** Declares an {@link AggregatingState}. Create with {@link StateDescriptor#aggregating}. */
public final class AggregatingStateDescriptor<T, A, R>
    extends StateDescriptor<AggregatingState<T, R>> {

  private final AggregateFunction<T, A, R> aggregator;
  private final Serde<A> accumulatorSerde;

  AggregatingStateDescriptor(
      String name, AggregateFunction<T, A, R> aggregator, Serde<A> accumulatorSerde) {
    this(name, aggregator, accumulatorSerde, Settings.NONE);
  }

  private AggregatingStateDescriptor(
      String name,
      AggregateFunction<T, A, R> aggregator,
      Serde<A> accumulatorSerde,
      Settings settings) {
    super(name, settings);
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.accumulatorSerde = Objects.requireNonNull(accumulatorSerde, "accumulatorSerde");
  }

  public AggregateFunction<T, A, R> aggregator() {
    return aggregator;
  }

  public Serde<A> accumulatorSerde() {
    return accumulatorSerde;
  }

  @Override
  public AggregatingStateDescriptor<T, A, R> withChangelogRetention(Duration retention) {
    return new AggregatingStateDescriptor<>(
        name(), aggregator, accumulatorSerde, settings().withRetention(checkRetention(retention)));
  }

  @Override
  public AggregatingStateDescriptor<T, A, R> withTtl(StateTtl ttl) {
    return new AggregatingStateDescriptor<>(
        name(), aggregator, accumulatorSerde, settings().withTtl(Objects.requireNonNull(ttl, "ttl")));
  }
}
