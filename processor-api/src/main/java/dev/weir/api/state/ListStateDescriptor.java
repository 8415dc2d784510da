package dev.weir.api.state;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** Declares a {@link ListState}. Create with {@link StateDescriptor#list}. */
public final class ListStateDescriptor<T> extends StateDescriptor<ListState<T>> {

  private final Serde<T> elementSerde;

  ListStateDescriptor(String name, Serde<T> elementSerde) {
    this(name, elementSerde, Settings.NONE);
  }

  private ListStateDescriptor(String name, Serde<T> elementSerde, Settings settings) {
    super(name, settings);
    this.elementSerde = Objects.requireNonNull(elementSerde, "elementSerde");
  }

  public Serde<T> elementSerde() {
    return elementSerde;
  }

  @Override
  public ListStateDescriptor<T> withChangelogRetention(Duration retention) {
    return new ListStateDescriptor<>(name(), elementSerde, settings().withRetention(checkRetention(retention)));
  }

  @Override
  public ListStateDescriptor<T> withTtl(StateTtl ttl) {
    return new ListStateDescriptor<>(name(), elementSerde, settings().withTtl(Objects.requireNonNull(ttl, "ttl")));
  }
}
