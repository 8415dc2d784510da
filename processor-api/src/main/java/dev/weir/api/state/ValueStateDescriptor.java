package dev.weir.api.state;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** Declares a {@link ValueState}. Create with {@link StateDescriptor#value}. */
public final class ValueStateDescriptor<T> extends StateDescriptor<ValueState<T>> {

  private final Serde<T> serde;

  ValueStateDescriptor(String name, Serde<T> serde) {
    this(name, serde, null);
  }

  private ValueStateDescriptor(String name, Serde<T> serde, Duration changelogRetention) {
    super(name, changelogRetention);
    this.serde = Objects.requireNonNull(serde, "serde");
  }

  public Serde<T> serde() {
    return serde;
  }

  @Override
  public ValueStateDescriptor<T> withChangelogRetention(Duration retention) {
    return new ValueStateDescriptor<>(name(), serde, checkRetention(retention));
  }
}
