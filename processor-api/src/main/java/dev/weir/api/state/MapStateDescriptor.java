package dev.weir.api.state;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** Declares a {@link MapState}. Create with {@link StateDescriptor#map}. */
public final class MapStateDescriptor<UK, UV> extends StateDescriptor<MapState<UK, UV>> {

  private final Serde<UK> userKeySerde;
  private final Serde<UV> valueSerde;

  MapStateDescriptor(String name, Serde<UK> userKeySerde, Serde<UV> valueSerde) {
    this(name, userKeySerde, valueSerde, Settings.NONE);
  }

  private MapStateDescriptor(
      String name, Serde<UK> userKeySerde, Serde<UV> valueSerde, Settings settings) {
    super(name, settings);
    this.userKeySerde = Objects.requireNonNull(userKeySerde, "userKeySerde");
    this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
  }

  public Serde<UK> userKeySerde() {
    return userKeySerde;
  }

  public Serde<UV> valueSerde() {
    return valueSerde;
  }

  @Override
  public MapStateDescriptor<UK, UV> withChangelogRetention(Duration retention) {
    return new MapStateDescriptor<>(name(), userKeySerde, valueSerde, settings().withRetention(checkRetention(retention)));
  }

  @Override
  public MapStateDescriptor<UK, UV> withTtl(StateTtl ttl) {
    return new MapStateDescriptor<>(name(), userKeySerde, valueSerde, settings().withTtl(Objects.requireNonNull(ttl, "ttl")));
  }
}
