package dev.weir.api.state;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** Declares a {@link ListState}. Create with {@link StateDescriptor#list}. */
public final class ListStateDescriptor<T> extends StateDescriptor<ListState<T>> {

  private final Serde<T> elementSerde;

  ListStateDescriptor(String name, Serde<T> elementSerde) {
    this(name, elementSerde, null);
  }

  private ListStateDescriptor(String name, Serde<T> elementSerde, Duration changelogRetention) {
    super(name, changelogRetention);
    this.elementSerde = Objects.requireNonNull(elementSerde, "elementSerde");
  }

  public Serde<T> elementSerde() {
    return elementSerde;
  }

  @Override
  public ListStateDescriptor<T> withChangelogRetention(Duration retention) {
    return new ListStateDescriptor<>(name(), elementSerde, checkRetention(retention));
  }
}
