package dev.weir.api.state;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** Declares a {@link ValueState}. Create with {@link StateDescriptor#value}. */
public final class ValueStateDescriptor<T> extends StateDescriptor<ValueState<T>> {

  private final Serde<T> serde;

  ValueStateDescriptor(String name, Serde<T> serde) {
    super(name);
    this.serde = Objects.requireNonNull(serde, "serde");
  }

  public Serde<T> serde() {
    return serde;
  }
}
