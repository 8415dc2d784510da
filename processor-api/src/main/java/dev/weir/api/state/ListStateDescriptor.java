package dev.weir.api.state;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** Declares a {@link ListState}. Create with {@link StateDescriptor#list}. */
public final class ListStateDescriptor<T> extends StateDescriptor<ListState<T>> {

  private final Serde<T> elementSerde;

  ListStateDescriptor(String name, Serde<T> elementSerde) {
    super(name);
    this.elementSerde = Objects.requireNonNull(elementSerde, "elementSerde");
  }

  public Serde<T> elementSerde() {
    return elementSerde;
  }
}
