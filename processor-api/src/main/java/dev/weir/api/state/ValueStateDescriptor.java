package dev.weir.api.state;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** Declares a {@link ValueState}. Create with {@link StateDescriptor#value}. */
public final class ValueStateDescriptor<T> extends StateDescriptor<ValueState<T>> {

  private final Serde<T> serde;

  ValueStateDescriptor(String name, Serde<T> serde) {
    this(name, serde, Settings.NONE);
  }

  private ValueStateDescriptor(String name, Serde<T> serde, Settings settings) {
    super(name, settings);
    this.serde = Objects.requireNonNull(serde, "serde");
  }

  public Serde<T> serde() {
    return serde;
  }

  @Override
  public ValueStateDescriptor<T> withChangelogRetention(Duration retention) {
    return new ValueStateDescriptor<>(name(), serde, settings().withRetention(checkRetention(retention)));
  }

  @Override
  public ValueStateDescriptor<T> withTtl(StateTtl ttl) {
    return new ValueStateDescriptor<>(name(), serde, settings().withTtl(Objects.requireNonNull(ttl, "ttl")));
  }
}
